//! Rules about where package code connects to.

pub mod exfil_endpoint;
