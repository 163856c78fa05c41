//! hiss finds malicious Python (droppers, loaders, backdoors, stealers)
//! before it runs. It reads code; it never runs it.
//!
//! The pipeline, in the order data flows:
//!
//! - [`source`]: walk the paths given, every regular file;
//! - [`analysis`]: per file, signatures on bytes and AST rules on Python;
//! - [`python`]: parse, resolve names, fold constants, trace data;
//! - [`rules`]: one file per rule; [`signatures`]: YARA-X on raw bytes;
//! - [`report`]: findings and their formats.
//!
//! The library never prints and never exits; [`cli`] and `main.rs` do.

/// Counts what each thread allocates, so that the decoder interpreter can
/// stop at a memory budget (see [`python::memory::CountingHeap`]).
#[global_allocator]
static HEAP: python::memory::CountingHeap = python::memory::CountingHeap;

pub mod analysis;
pub mod baseline;
pub mod budget;
pub mod cache;
pub mod cli;
pub mod config;
pub mod python;
pub mod report;
pub mod rules;
pub mod scan;
pub mod signatures;
pub mod source;
