//! `--nice`: a sweep that the person at the laptop does not notice.
//!
//! Lowers this thread's CPU priority to the lowest (nice 19) and, on Linux,
//! its I/O priority to the idle class (the disk serves hiss only when
//! nothing else asks). Called before any worker thread starts: on Linux both
//! are per thread, and threads inherit them from the thread that creates
//! them.

/// Lowers CPU and I/O priority; returns what could not be lowered.
pub fn lower() -> Vec<String> {
    let mut problems = Vec::new();
    // SAFETY: plain system calls on the calling thread, no pointers.
    #[cfg(unix)]
    unsafe {
        if libc::setpriority(libc::PRIO_PROCESS, 0, 19) != 0 {
            problems.push(format!("CPU priority: {}", std::io::Error::last_os_error()));
        }
    }
    #[cfg(target_os = "linux")]
    {
        const IOPRIO_WHO_PROCESS: libc::c_long = 1;
        const IOPRIO_CLASS_IDLE: libc::c_long = 3;
        const IOPRIO_CLASS_SHIFT: libc::c_long = 13;
        // SAFETY: as above.
        let r = unsafe {
            libc::syscall(
                libc::SYS_ioprio_set,
                IOPRIO_WHO_PROCESS,
                0 as libc::c_long,
                IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT,
            )
        };
        if r != 0 {
            problems.push(format!("I/O priority: {}", std::io::Error::last_os_error()));
        }
    }
    problems
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn threads_started_after_lowering_run_at_nice_19_and_idle_io() {
        std::thread::spawn(|| {
            assert!(super::lower().is_empty());
            std::thread::spawn(|| {
                // SAFETY: plain system calls on the calling thread.
                let (nice, io) = unsafe {
                    *libc::__errno_location() = 0;
                    (
                        libc::getpriority(libc::PRIO_PROCESS, 0),
                        libc::syscall(libc::SYS_ioprio_get, 1 as libc::c_long, 0 as libc::c_long),
                    )
                };
                assert_eq!(nice, 19, "a worker inherits the lowest CPU priority");
                assert_eq!(io >> 13, 3, "and the idle I/O class");
            })
            .join()
            .unwrap();
        })
        .join()
        .unwrap();
    }
}
