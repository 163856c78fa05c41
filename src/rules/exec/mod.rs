//! Rules about Python code that runs data as code.

pub mod decoded_binary_payload;
pub mod decoded_payload_exec;
pub mod disguised_code_load;
pub mod indirect_builtin_exec;
pub mod remote_code_exec;
pub mod unsafe_deserialization;
pub mod whitespace_hidden_code;
