#!/usr/bin/env bash
# Builds Tollgate's container image without Docker or a registry, from a fresh clone:
#
#   scripts/image/build.sh [extra Maven arguments, e.g. -o or -Dquarkus.container-image.tag=0.2.0]
#
# -> app/target/jib-image.tar, an OCI image tarball (also readable as a docker-archive) of
#    ghcr.io/tollgate/tollgate:<tag from application.properties>, the Helm chart's default image.
# Needs: a JDK 17+ with jlink (e.g. apt-get install openjdk-17-jdk-headless), bash, GNU tar, gzip, coreutils, ldd
# (libc-bin). Maven comes with ./mvnw; dependencies come from Maven Central. No Docker, no base image pull: the
# -Pimage profile of app/pom.xml builds the base (scripts/image/base-image.sh) from this machine's JDK and libraries.
# See docs/operations.md, "Container image".
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

missing=()
for tool in tar gzip sha256sum ldd sed stat od; do command -v "$tool" >/dev/null || missing+=("$tool"); done
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
command -v "$java_bin" >/dev/null || missing+=("java (a JDK 17+)")
((${#missing[@]} == 0)) || { echo "build.sh: missing: ${missing[*]}" >&2; exit 1; }
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[[ -x $jdk/bin/jlink ]] || { echo "build.sh: $jdk has no jlink: install a JDK (openjdk-17-jdk-headless), not only a JRE" >&2; exit 1; }

# -am builds the modules app depends on in the same run (nothing is installed into ~/.m2).
./mvnw -B package -DskipTests -Pimage -pl app -am "$@"

tarball=app/target/jib-image.tar
[[ -f $tarball ]] || { echo "build.sh: $tarball was not written" >&2; exit 1; }
name=$(tar -xOf "$tarball" index.json | sed -E 's/.*"org.opencontainers.image.ref.name":"([^"]*)".*/\1/')
manifest=$(tar -xOf "$tarball" index.json | sed -E 's/.*"digest":"(sha256:[0-9a-f]*)".*/\1/')
echo
echo "Image:    $name"
echo "Tarball:  $repo/$tarball ($(du -h "$tarball" | cut -f1); OCI manifest $manifest)"
echo "Push:     skopeo copy oci-archive:$tarball docker://${name}"
echo "Load:     podman load -i $tarball   |   docker load -i $tarball"
