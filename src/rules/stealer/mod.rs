//! Rules about stealing secrets and sending them out.

pub mod secrets_exfiltration;
