//! Rules about stealing secrets and sending them out.

pub mod browser_extension_sideload;
pub mod host_beacon;
pub mod key_material_exfiltration;
pub mod secrets_exfiltration;
