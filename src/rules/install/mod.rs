//! Rules about code that runs on install or at interpreter start-up.

pub mod pth_code_exec;
pub mod setup_install_hook;
