//! ffi-fuzz real-bug suite wrapper. One C-ABI entry point; a panic inside is NOT caught:
//! it unwinds to the `extern "C"` boundary, where Rust (>= 1.81) aborts the process
//! ("panic in a function that cannot unwind") -> SIGABRT, which every harness sees as a crash.
//! The same source is compiled against the buggy version (this crate) and the fixed one
//! (../<name>-fixed, whose [lib] path points here).
#![allow(clippy::not_unsafe_ptr_arg_deref)]

fn bytes<'a>(data: *const u8, len: usize) -> &'a [u8] {
    if data.is_null() || len == 0 {
        return &[];
    }
    // SAFETY: the caller passes `len` readable bytes at `data`.
    unsafe { std::slice::from_raw_parts(data, len) }
}

/// quick-xml 0.10.0: `&#<decimal>;` with >= 10 digits overflows a u32 (`code *= 10`) when a
/// text node or attribute value is unescaped (tafia/quick-xml#101).
#[no_mangle]
pub extern "C" fn fuzz_quick_xml(data: *const u8, len: usize) -> i32 {
    use quick_xml::events::Event;
    let mut reader = quick_xml::reader::Reader::from_reader(bytes(data, len));
    let mut buf = Vec::new();
    let mut events = 0i32;
    loop {
        match reader.read_event(&mut buf) {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => {
                for a in e.attributes() {
                    match a {
                        Ok(a) => {
                            let _ = a.unescaped_value();
                        }
                        Err(_) => break,
                    }
                }
            }
            Ok(Event::Text(ref e)) => {
                let _ = e.unescaped();
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        events = events.wrapping_add(1);
        buf.clear();
    }
    events
}
