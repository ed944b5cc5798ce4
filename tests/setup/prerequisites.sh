#!/usr/bin/env bash
# 安装 `npm test` 需要而 npm 装不了的东西 / Install what `npm test` needs beyond npm:
#   Java 17+      DynamoDB Local (the local database) runs on it
#   Chromium      the browser tests drive Debian's /usr/bin/chromium through playwright-core
#   CJK font      Chinese glyphs in the screenshots the browser tests save
# Debian/Ubuntu with apt-get; as root, or through sudo. Does nothing (quickly)
# when everything is there, so it is safe to run again.
#
#   npm run setup                    check, then install what is missing
#   npm run setup -- --check         check only; exit 1 if something is missing
#   npm run setup -- --dry-run       print the commands it would run, run none
#   CHROMIUM_PATH=/path/to/chromium  the browser the tests use (default /usr/bin/chromium)
set -euo pipefail

mode=install
for arg in "$@"; do
  case "$arg" in
    --check) mode=check ;;
    --dry-run) mode=dry-run ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "未知参数 / unknown argument: $arg" >&2; exit 2 ;;
  esac
done

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

# The major version of `java` on PATH (8 for "1.8.0_x"), or 0 when there is none.
java_major() {
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  local v
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9._]*\).*/\1/p' | head -n 1)"
  case "$v" in
    "") echo 0 ;;
    1.*) echo "$v" | cut -d. -f2 ;;
    *) echo "${v%%[._]*}" ;;
  esac
}

has_cjk_font() {
  if command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qiE "wenquanyi|wqy|noto (sans|serif) cjk|source han"; then
    return 0
  fi
  # Without fontconfig's tools, ask dpkg.
  command -v dpkg-query >/dev/null 2>&1 &&
    dpkg-query -W -f='${Status}\n' fonts-wqy-microhei fonts-wqy-zenhei fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"
}

# The newest OpenJDK 17+ runtime this machine's apt knows (bookworm: 17; trixie: 21).
java_package() {
  local p
  for p in openjdk-17-jre-headless openjdk-21-jre-headless openjdk-25-jre-headless; do
    if apt-cache policy "$p" 2>/dev/null | grep -q "Candidate: [0-9]"; then
      echo "$p"
      return
    fi
  done
  echo openjdk-17-jre-headless
}

missing=()      # what is missing, for people
packages=()     # what apt-get installs
need_java=0
major="$(java_major)"
if [ "$major" -lt 17 ]; then
  need_java=1
  if [ "$major" -eq 0 ]; then missing+=("Java 17+ (未找到 java / no java on PATH)"); else missing+=("Java 17+ (现有 / found: Java $major)"); fi
fi
if [ ! -x "$CHROMIUM" ]; then
  missing+=("Chromium ($CHROMIUM)")
  packages+=(chromium)
fi
if ! has_cjk_font; then
  missing+=("中文字体 / CJK font")
  packages+=(fonts-wqy-microhei)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "前置条件齐全 / Prerequisites present: Java $major, $CHROMIUM, CJK font."
  exit 0
fi

echo "缺少 / Missing:"
printf '  - %s\n' "${missing[@]}"

if [ "$mode" = check ]; then
  echo "运行 npm run setup 安装。/ Run \`npm run setup\` to install them." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'EOF'
此系统没有 apt-get，请手动安装上述各项（Java 17+、Chromium、中文字体），Chromium 不在 /usr/bin/chromium 时设置 CHROMIUM_PATH。
This system has no apt-get: install the above by hand (Java 17+, Chromium, a CJK font); set CHROMIUM_PATH if Chromium is not at /usr/bin/chromium.
  macOS:  brew install openjdk@17 && brew install --cask chromium
EOF
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  elif [ "$mode" != dry-run ]; then
    echo "需要 root 权限来安装，且没有 sudo：请以 root 运行 npm run setup。/ Installing needs root and there is no sudo: run \`npm run setup\` as root." >&2
    exit 1
  fi
fi

run() {
  echo "+ $*"
  if [ "$mode" = install ]; then "$@"; fi
}

export DEBIAN_FRONTEND=noninteractive
run "${sudo[@]}" apt-get update -y
if [ "$need_java" -eq 1 ]; then packages+=("$(java_package)"); fi
run "${sudo[@]}" apt-get install -y --no-install-recommends "${packages[@]}"

if [ "$mode" = dry-run ]; then exit 0; fi

# Check again: say plainly what is still wrong.
still=()
if [ "$(java_major)" -lt 17 ]; then still+=("Java 17+: java -version → $(java -version 2>&1 | head -n 1)"); fi
if [ ! -x "$CHROMIUM" ]; then still+=("Chromium: $CHROMIUM (已安装到 / installed at /usr/bin/chromium; 请改正 CHROMIUM_PATH / fix CHROMIUM_PATH)"); fi
if [ ${#still[@]} -gt 0 ]; then
  echo "安装后仍缺少 / Still missing after installing:" >&2
  printf '  - %s\n' "${still[@]}" >&2
  exit 1
fi
echo "前置条件已安装 / Prerequisites installed: Java $(java_major), $CHROMIUM, CJK font."
