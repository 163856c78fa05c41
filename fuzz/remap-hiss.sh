#!/bin/sh
# RUSTC_WRAPPER for building hiss as a dependency of this (separate) workspace.
#
# src/rules/mod.rs's rule_meta! does
#   include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", file!()))
# which only works when file!() is relative to the crate root, as it is when
# hiss is built as its own workspace member. Built as a path dependency of
# another workspace, cargo passes rustc absolute paths, file!() becomes
# "/.../src/rules/x.rs" and the include reads "<dir>//<dir>/src/rules/x.rs".
# Remapping the crate's own directory away gives file!() the relative path
# back. Only the `hiss` crate is touched; every other crate compiles as is.
rustc="$1"; shift
case " $* " in
  *" --crate-name hiss "*)
    exec "$rustc" "$@" "--remap-path-prefix=${CARGO_MANIFEST_DIR}/=" ;;
  *)
    exec "$rustc" "$@" ;;
esac
