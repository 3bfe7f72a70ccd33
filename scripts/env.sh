# Sourced by ./gradforge and ./run-tests: finds a JDK 21+ and Maven, or says what to install.
# Sets GF_JAVA_HOME (its feature version in GF_JAVA_MAJOR) and GF_MVN, and GF_JIT_OPTS (below).

# JIT warm-up: until C2 compiles them, the training kernels run C1 code that executes every Vector API operation
# through its allocating Java fallback (JFR: a quarter of a cold quickstart search's samples, in its first half).
# A tenth of the usual compile thresholds for the kernels and the Vector API classes only (not for everything, which
# made searches slower) gets them to C2 sooner: 11-17% less CPU for the quickstart search in paired runs, the same
# results (bench/README.md). Plain HotSpot options, known to JDK 21 as to 25. The launcher passes them (unless
# GRADFORGE_JIT=0), and so do the benchmarks that time what the launcher runs.
# And the code that runs once per evaluation, not per step, is left to C1 (scripts/jit-directives.json says why). The
# JVM announces the directives it read on its own output; DisplayVMOutputToStderr sends that to stderr, which the
# launcher filters, so a command's stdout (--json) stays clean.
GF_JIT_OPTS=(-XX:CompileCommand=quiet
  "-XX:CompileCommand=CompileThresholdScaling,io.gradforge.core.kernel.*::*,0.1"
  "-XX:CompileCommand=CompileThresholdScaling,jdk.incubator.vector.*::*,0.1"
  -XX:+UnlockDiagnosticVMOptions -XX:+DisplayVMOutputToStderr
  "-XX:CompilerDirectivesFile=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/jit-directives.json")

gf_java_major() { # prints the feature version of the java binary $1, or 0
  # The JDK's release file says it without starting a JVM (about 0.15 s each, paid by every launcher run); a JDK
  # without one is asked.
  local release
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ] && grep -q '^JAVA_VERSION=' "$release"; then
    sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9.]*\).*/\1/p' "$release" | head -1 \
      | awk -F. '{print ($1 == "1" ? $2 : $1)}' | tr -cd '0-9' || true
    return
  fi
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}' | tr -cd '0-9' || true
}

gf_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  # Installed JDKs, newest first.
  for c in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ "$HOME"/.sdkman/candidates/java/*/ 2>/dev/null | sort -rV); do
    candidates+=("${c%/}")
  done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then
      major=$(gf_java_major "$c/bin/java")
      if [ -n "$major" ] && [ "$major" -ge 21 ]; then
        GF_JAVA_HOME="$c"
        GF_JAVA_MAJOR="$major"
        return 0
      fi
    fi
  done
  echo "gradforge: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME." >&2
  return 1
}

gf_find_maven() {
  if command -v mvn >/dev/null 2>&1; then GF_MVN="$(command -v mvn)"; return 0; fi
  # No Maven on PATH: fetch the binary distribution from Maven Central once.
  local version=3.9.9 dir="${XDG_CACHE_HOME:-$HOME/.cache}/gradforge"
  GF_MVN="$dir/apache-maven-$version/bin/mvn"
  [ -x "$GF_MVN" ] && return 0
  mkdir -p "$dir"
  echo "gradforge: Maven not found; downloading Apache Maven $version from Maven Central ..." >&2
  local url="https://repo1.maven.org/maven2/org/apache/maven/apache-maven/$version/apache-maven-$version-bin.tar.gz"
  if ! (curl -fsSL "$url" || wget -qO- "$url") | tar -xz -C "$dir"; then
    echo "gradforge: could not download Maven from $url; install Maven 3.8+ (apt-get install maven)." >&2
    return 1
  fi
}

gf_setup() {
  gf_find_jdk || return 1
  gf_find_maven || return 1
  export JAVA_HOME="$GF_JAVA_HOME"
  export PATH="$JAVA_HOME/bin:$PATH"
}
