package io.gradforge.cli.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A hand-written SVG canvas: elements appended as text, every piece of text escaped. Coordinates are pixels;
 * the plot area is {@code [left, width - right] x [top, height - bottom]}, and {@link Scale} maps data to it.
 * Also the escaping and number formatting the HTML around it uses.
 */
final class Svg {
    final int width;
    final int height;
    final int left;
    final int top;
    final int right;
    final int bottom;
    private final StringBuilder body = new StringBuilder();

    Svg(int width, int height, int left, int top, int right, int bottom) {
        this.width = width;
        this.height = height;
        this.left = left;
        this.top = top;
        this.right = right;
        this.bottom = bottom;
    }

    int plotRight() {
        return width - right;
    }

    int plotBottom() {
        return height - bottom;
    }

    /** Maps data values onto a pixel range, linearly or (log) by decades. */
    record Scale(double min, double max, double from, double to, boolean log) {
        static Scale linear(double min, double max, double from, double to) {
            return new Scale(min, max == min ? min + 1 : max, from, to, false);
        }

        static Scale log(double min, double max, double from, double to) {
            return new Scale(Math.log10(min), max <= min ? Math.log10(min) + 1 : Math.log10(max), from, to, true);
        }

        double at(double v) {
            double d = log ? Math.log10(v) : v;
            return from + (d - min) / (max - min) * (to - from);
        }

        /** Tick values: round steps for a linear scale, 1-2-5 per decade (or decades) for a log scale. */
        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            if (log) {
                int lo = (int) Math.floor(min);
                int hi = (int) Math.ceil(max);
                double[] mult = hi - lo <= 2 ? new double[] {1, 2, 5} : new double[] {1};
                int every = Math.max(1, (hi - lo + 5) / 6);
                for (int e = lo; e <= hi; e += every) {
                    for (double m : mult) {
                        double v = m * Math.pow(10, e);
                        double lv = Math.log10(v);
                        if (lv >= min - 1e-9 && lv <= max + 1e-9) t.add(v);
                    }
                }
                return t;
            }
            double span = max - min;
            double raw = span / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / mag >= 5 ? 5 * mag : raw / mag >= 2 ? 2 * mag : mag;
            for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) t.add(v);
            return t;
        }
    }

    Svg raw(String element) {
        body.append(element).append('\n');
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String style) {
        return raw("<line x1=\"" + n(x1) + "\" y1=\"" + n(y1) + "\" x2=\"" + n(x2) + "\" y2=\"" + n(y2) + "\" "
                + style + "/>");
    }

    Svg text(double x, double y, String text, String attributes) {
        return raw("<text x=\"" + n(x) + "\" y=\"" + n(y) + "\" " + attributes + ">" + esc(text) + "</text>");
    }

    /** Axes with ticks, grid lines and labels around the plot area. */
    Svg axes(Scale x, Scale y, String xLabel, String yLabel) {
        for (double v : x.ticks()) {
            double px = x.at(v);
            line(px, top, px, plotBottom(), "class=\"grid\"");
            line(px, plotBottom(), px, plotBottom() + 5, "class=\"axis\"");
            text(px, plotBottom() + 18, tick(v, x.log()), "class=\"tick\" text-anchor=\"middle\"");
        }
        for (double v : y.ticks()) {
            double py = y.at(v);
            line(left, py, plotRight(), py, "class=\"grid\"");
            line(left - 5, py, left, py, "class=\"axis\"");
            text(left - 8, py + 4, tick(v, y.log()), "class=\"tick\" text-anchor=\"end\"");
        }
        line(left, plotBottom(), plotRight(), plotBottom(), "class=\"axis\"");
        line(left, top, left, plotBottom(), "class=\"axis\"");
        text((left + plotRight()) / 2.0, height - 6, xLabel, "class=\"label\" text-anchor=\"middle\"");
        double cy = (top + plotBottom()) / 2.0;
        return text(14, cy, yLabel, "class=\"label\" text-anchor=\"middle\" transform=\"rotate(-90 14 " + n(cy)
                + ")\"");
    }

    String render(String ariaLabel) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\" aria-label=\"" + esc(ariaLabel)
                + "\">\n" + body + "</svg>\n";
    }

    /** A five-pointed star of outer radius {@code r} centred on (x, y), as polygon points. */
    static String star(double x, double y, double r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? r : r * 0.42;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            if (i > 0) sb.append(' ');
            sb.append(n(x + radius * Math.cos(a))).append(',').append(n(y + radius * Math.sin(a)));
        }
        return sb.toString();
    }

    /**
     * Text made safe for HTML and XML content and attributes: markup characters escaped, characters XML forbids
     * (other control characters) dropped.
     */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** A pixel coordinate: one decimal. */
    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A measurement for people: "-" when not finite, else {@code digits} decimals. */
    static String fmt(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "-";
    }

    /** Three significant digits, "-" when not finite (learning rates, losses). */
    static String sig(double v) {
        if (!Double.isFinite(v)) return "-";
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v)
                : String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    /** A count with thousands separators. */
    static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** Axis ticks: "0", "0.2", "5", "1000", "1e-5", "1e6" (powers of ten beyond four digits as exponents). */
    static String tick(double v, boolean log) {
        if (!log && Math.abs(v) < 1e-12) return "0"; // a log axis has no 0: 1e-14 is a tick of its own
        double e = Math.log10(Math.abs(v));
        if (log && Math.abs(e - Math.rint(e)) < 1e-9 && Math.abs(e) >= 4) return "1e" + (long) Math.rint(e);
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
