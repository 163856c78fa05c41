//! Rules about the supply chain itself: code that is not what it claims to be.

pub mod vendored_tampering;
