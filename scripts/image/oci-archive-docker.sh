#!/usr/bin/env bash
# Stands in for the `docker` CLI during the image build (quarkus.jib.docker-executable-name), so that Quarkus' Jib
# extension, which can only push to a registry or `docker load` into a daemon, writes an image tarball instead.
# Jib calls:
#   info -f '{{json .}}'   -> this machine's OS and architecture (Jib picks the image platform with it)
#   load                   -> the image arrives on stdin as a docker-archive; it is rewritten to $TOLLGATE_IMAGE_TAR as
#                             an OCI image layout tarball (oci-layout, index.json, blobs/sha256/...) that also carries
#                             the docker-archive manifest.json pointing at the same blobs, so all of these read it:
#                             skopeo copy oci-archive:FILE ... | skopeo copy docker-archive:FILE ... | podman load -i FILE
#                             | docker load -i FILE
# Needs bash, GNU tar, sha256sum, sed, stat. Nothing is sent anywhere.
set -euo pipefail
umask 022

case ${1:-} in
  info)
    printf '{"OSType":"linux","Architecture":"%s"}\n' "$(uname -m)"
    ;;
  load)
    out=${TOLLGATE_IMAGE_TAR:?TOLLGATE_IMAGE_TAR (the tarball to write) is not set}
    work=$(mktemp -d "${out}.work.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/in" "$work/oci/blobs/sha256"
    tar --extract --file - --directory "$work/in"
    manifest=$(tr -d '\n' <"$work/in/manifest.json")
    # Jib writes [{"config":"config.json","repoTags":["name:tag"],"layers":["<sha>.tar.gz",...]}] (key case varies).
    field() { sed -E "s/.*\"$1\"[[:space:]]*:[[:space:]]*//I" <<<"$manifest"; }
    config_file=$(field config | sed -E 's/^"([^"]*)".*/\1/')
    repo_tag=$(field repoTags | sed -E 's/^\[[[:space:]]*"([^"]*)".*/\1/')
    mapfile -t layer_files < <(field layers | sed -E 's/^\[([^]]*)\].*/\1/' | tr ',' '\n' | sed -E 's/^[[:space:]]*"//; s/"[[:space:]]*$//')
    [[ -f $work/in/$config_file && -n $repo_tag && ${#layer_files[@]} -gt 0 ]] \
      || { echo "oci-archive-docker: unexpected docker-archive manifest: $manifest" >&2; exit 1; }

    blob() { # FILE -> moves it to blobs/sha256/<digest>, prints "<digest> <size>"
      local d s
      d=$(sha256sum "$1" | cut -d' ' -f1)
      s=$(stat -c %s "$1")
      mv "$1" "$work/oci/blobs/sha256/$d"
      echo "$d $s"
    }
    read -r config_digest config_size < <(blob "$work/in/$config_file")
    layers_json="" docker_layers=""
    for l in "${layer_files[@]}"; do
      # Jib's docker-archive layers are gzip'ed tars.
      if [[ $(head -c 2 "$work/in/$l" | od -An -tx1 | tr -d ' ') != 1f8b ]]; then
        gzip -n "$work/in/$l" && mv "$work/in/$l.gz" "$work/in/$l"
      fi
      read -r d s < <(blob "$work/in/$l")
      layers_json+="${layers_json:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$d\",\"size\":$s}"
      docker_layers+="${docker_layers:+,}\"blobs/sha256/$d\""
    done
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
      "$config_digest" "$config_size" "$layers_json" >"$work/manifest"
    read -r manifest_digest manifest_size < <(blob "$work/manifest")
    printf '{"imageLayoutVersion":"1.0.0"}' >"$work/oci/oci-layout"
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}\n' \
      "$manifest_digest" "$manifest_size" "$repo_tag" "$repo_tag" >"$work/oci/index.json"
    printf '[{"Config":"blobs/sha256/%s","RepoTags":["%s"],"Layers":[%s]}]\n' "$config_digest" "$repo_tag" "$docker_layers" \
      >"$work/oci/manifest.json"
    tar --create --file "$work/image.tar" --directory "$work/oci" --sort=name --numeric-owner --owner=0 --group=0 \
      --mtime=@0 --format=gnu oci-layout index.json manifest.json blobs
    mv -f "$work/image.tar" "$out"
    echo "Loaded image: $repo_tag"
    echo "oci-archive-docker: wrote $out (manifest sha256:$manifest_digest)" >&2
    ;;
  *)
    echo "oci-archive-docker: only 'info' and 'load' are supported (got: $*); there is no Docker daemon here" >&2
    exit 1
    ;;
esac
