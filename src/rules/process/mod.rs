//! Rules about starting processes and native code.

pub mod ctypes_shellcode;
pub mod hidden_spawn;
pub mod reverse_shell;
pub mod shell_download_exec;
pub mod write_then_run;
