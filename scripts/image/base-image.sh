#!/usr/bin/env bash
# Assembles the base image of Tollgate's container image, offline, from the build machine itself, and writes it as a
# docker-archive tarball that Quarkus' Jib extension takes as its base (quarkus.jib.base-jvm-image=tar://...):
#
#   /opt/java        a Java runtime cut from the build JDK with jlink (JAVA_HOME, or the JDK of `java` on the PATH)
#   /lib*, /usr/lib* the shared libraries that runtime and /bin/sh link against (glibc, libstdc++, libgcc_s, zlib) and
#                    the dynamic loader, copied from the build machine: the same files the runtime was built against
#   /bin/sh          the build machine's /bin/sh (dash on Debian/Ubuntu), so `sh -c 'exec java $JAVA_OPTS ...'` works
#   /etc             passwd/group with user 185 (tollgate), nsswitch.conf; /tmp (1777) and /deployments
#
# No registry, no Docker: only the JDK, bash, GNU tar, gzip, sha256sum and ldd (libc-bin). Needs a JDK whose jlink can
# link (jmods present: Debian/Ubuntu openjdk-NN-jdk-headless, Temurin, ...).
#
# Usage: scripts/image/base-image.sh OUT_DIR     -> OUT_DIR/base.tar (+ OUT_DIR/rootfs, the unpacked tree)
# The result is reused while the JDK, the copied libraries and this script stay the same (an `apt-get upgrade` of glibc
# or the JDK rebuilds it); TOLLGATE_IMAGE_REBUILD_BASE=1 forces a rebuild.
set -euo pipefail
umask 022 # the image runs as user 185: everything must be readable by others, whatever the builder's umask

out=${1:?usage: $0 OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [[ -z ${JAVA_HOME:-} ]]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
# A JRE inside a JDK (Java 8 layout) or java.home of a Maven run: take the JDK around it.
[[ -x $JAVA_HOME/bin/jlink ]] || { [[ -x $JAVA_HOME/../bin/jlink ]] && JAVA_HOME=$(cd "$JAVA_HOME/.." && pwd); }
jlink=$JAVA_HOME/bin/jlink
[[ -x $jlink ]] || { echo "base-image: no jlink in $JAVA_HOME (install a JDK, e.g. apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
java_version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')
java_major=${java_version%%.*}
(( java_major >= 17 )) || { echo "base-image: $JAVA_HOME is Java $java_version; the app needs 17 or later" >&2; exit 1; }

# Reuse the base while nothing it is made of changed.
stamp="jdk=$(readlink -f "$JAVA_HOME") $java_version arch=$(uname -m) script=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)"
if [[ -z ${TOLLGATE_IMAGE_REBUILD_BASE:-} && -f $out/base.tar && -f $out/stamp && $(cat "$out/stamp") == "$stamp" ]] \
  && sha256sum --quiet --status --check "$out/inputs" 2>/dev/null; then
  echo "base-image: $out/base.tar is up to date ($stamp)"
  exit 0
fi

case $(uname -m) in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  ppc64le) arch=ppc64le ;;
  s390x) arch=s390x ;;
  *) echo "base-image: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

root=$out/rootfs
rm -rf "$root" "$out/base.tar" "$out/stamp" "$out/inputs" "$out/layer"
mkdir -p "$root" "$out/layer"

# --- Java runtime ------------------------------------------------------------------------------------------------
# java.se plus what the libraries use from jdk.*: Unsafe (Netty, Kafka, Vert.x), EC/PKCS#11 crypto for TLS, zip file
# systems (Quarkus), JMX/JFR and jcmd for operations, DNS naming, extended socket options.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.management,jdk.management.agent
modules+=,jdk.jfr,jdk.naming.dns,jdk.net,jdk.charsets,jdk.localedata,jdk.httpserver,jdk.attach,jdk.jcmd
if (( java_major >= 21 )); then compress=zip-6; else compress=2; fi
echo "base-image: jlink Java $java_version from $JAVA_HOME -> /opt/java"
mkdir -p "$root/opt"
"$jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress="$compress" \
  --include-locales=en,de,fr,es,it,nl,pt,ja --output "$root/opt/java"
# Headless: drop the natives for X11, sound, splash screens, fonts and image codecs, which would pull X11, ALSA,
# freetype/harfbuzz/glib, libjpeg and lcms into the image (the java.desktop classes, e.g. java.beans, stay).
for n in awt_xawt jawt jsound splashscreen fontmanager javajpeg lcms; do rm -f "$root/opt/java/lib/lib$n.so"; done
# Debian/Ubuntu JDKs keep cacerts, the security policy and friends as symlinks into /etc: make them real files.
while IFS= read -r -d '' link; do
  target=$(readlink -f "$link" || true)
  rel=${link#"$root/opt/java/"}
  rm -f "$link"
  if [[ -n $target && -f $target ]]; then
    cp "$target" "$link"
  elif [[ -f $JAVA_HOME/$rel ]]; then
    cp -L "$JAVA_HOME/$rel" "$link"
  else
    echo "base-image: dropping dangling link /opt/java/$rel" >&2
  fi
done < <(find "$root/opt/java" -type l -print0)
if [[ ! -s $root/opt/java/lib/security/cacerts ]]; then
  for c in "$JAVA_HOME/lib/security/cacerts" /etc/ssl/certs/java/cacerts /etc/pki/java/cacerts; do
    if [[ -s $c ]]; then cp -L "$c" "$root/opt/java/lib/security/cacerts"; break; fi
  done
fi
[[ -s $root/opt/java/lib/security/cacerts ]] || echo "base-image: WARNING no CA certificates (cacerts) for the runtime" >&2
# No class data sharing archive (lib/server/classes.jsa): Java 17's -Xshare:dump is not byte-for-byte reproducible,
# and without it every build of the same JDK gives the same base layer. It would save well under a second of start.

# --- /bin/sh -----------------------------------------------------------------------------------------------------
mkdir -p "$root/bin"
cp "$(readlink -f /bin/sh)" "$root/bin/sh"

# --- shared libraries and the dynamic loader ---------------------------------------------------------------------
is_elf() { [[ $(head -c 4 "$1" | od -An -c | tr -d ' ') == '177ELF' ]]; }
declare -A libs=()
while IFS= read -r -d '' f; do
  is_elf "$f" || continue
  while read -r line; do
    case $line in
      libjvm.so*) ;; # found at run time by the launcher, in /opt/java/lib/server
      *"=> not found"*) echo "base-image: ${f#"$root"} needs ${line%% *}, which this machine lacks" >&2; exit 1 ;;
      *"=> /"*) p=${line#*=> }; libs[${p%% (*}]=1 ;;
      /*) libs[${line%% (*}]=1 ;;
    esac
  done < <(ldd "$f" 2>/dev/null || true)
done < <(find "$root" -type f -print0)
# glibc loads libgcc_s at run time (thread cancellation / unwinding) without linking it.
for lib in "${!libs[@]}"; do
  if [[ $lib == */libc.so.6 && -f $(dirname "$lib")/libgcc_s.so.1 ]]; then libs[$(dirname "$lib")/libgcc_s.so.1]=1; fi
done
inputs=("$(readlink -f /bin/sh)")
[[ -f $JAVA_HOME/release ]] && inputs+=("$JAVA_HOME/release")
for lib in "${!libs[@]}"; do
  case $lib in "$root"/*) continue ;; esac
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
  inputs+=("$(readlink -f "$lib")")
done
chmod 0755 "$root"/lib*/ld-linux* "$root"/lib*/*/ld-linux* 2>/dev/null || true

# --- /etc, /tmp, /deployments ------------------------------------------------------------------------------------
mkdir -p "$root/etc" "$root/tmp" "$root/deployments" "$root/home/tollgate"
chmod 1777 "$root/tmp"
cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
tollgate:x:185:185:Tollgate:/home/tollgate:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
tollgate:x:185:
nogroup:x:65534:
EOF
printf 'hosts: files dns\nnetworks: files\npasswd: files\ngroup: files\n' >"$root/etc/nsswitch.conf"
# An ld.so.cache is not needed: the loader searches the library directories copied above by default.
chmod -R u+rwX,go+rX,go-w "$root"
chmod 1777 "$root/tmp"

# --- docker-archive tarball (the format Jib reads for tar:// base images) ----------------------------------------
# Reproducible: sorted names, fixed owner and time (SOURCE_DATE_EPOCH, else 1970).
mtime=@${SOURCE_DATE_EPOCH:-0}
tar --create --file "$out/layer/layer.tar" --directory "$root" --sort=name --numeric-owner --owner=0 --group=0 \
  --mtime="$mtime" --format=gnu .
diff_id=$(sha256sum "$out/layer/layer.tar" | cut -d' ' -f1)
gzip -n -6 "$out/layer/layer.tar"
runtime_desc="Java $java_version runtime (jlink of $(readlink -f "$JAVA_HOME")), glibc and /bin/sh from $(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-this machine}")"
cat >"$out/layer/config.json" <<EOF
{"architecture":"$arch","os":"linux","config":{"User":"185","Env":["PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"WorkingDir":"/deployments"},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/image/base-image.sh: ${runtime_desc//\"/\'}"}]}
EOF
printf '[{"Config":"config.json","RepoTags":["tollgate-base:local"],"Layers":["layer.tar.gz"]}]\n' >"$out/layer/manifest.json"
tar --create --file "$out/base.tar" --directory "$out/layer" --numeric-owner --owner=0 --group=0 --mtime="$mtime" \
  manifest.json config.json layer.tar.gz
rm -rf "$out/layer"
sha256sum "${inputs[@]}" | sort -k2 >"$out/inputs"
echo "$stamp" >"$out/stamp"
echo "base-image: $out/base.tar ($(du -h "$out/base.tar" | cut -f1), runtime $(du -sh "$root/opt/java" | cut -f1)); $runtime_desc"
