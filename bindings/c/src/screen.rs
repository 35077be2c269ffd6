//! The challenge screen, field by field, from the core's typed
//! `ChallengeScreen`: no JSON on the C side and no second parser here.
//!
//! When `threeds_txn_handle_cres` gets a screen, every text of it is
//! unescaped (and `acsHTML` base64url-decoded) once into the `work` buffer
//! behind the plaintext, each followed by a NUL; the object keeps only
//! offsets. The getters hand out pointers into `work`, valid until the next
//! `build_creq`, `handle_cres`, `abort`, `reset` or `fini`.

use core::ffi::c_char;

use threeds_core::json::JsonStr;
use threeds_core::message::{ChallengeScreen, EntryBox, HtmlContent, Image, ScreenTexts, UiType};
use threeds_core::transaction::StateName;

use crate::out::put;
use crate::status::*;
use crate::txn::{threeds_txn, with_txn_ref};

/// `challengeInfoHeader`.
pub const THREEDS_FIELD_HEADER: u8 = 0;
/// `challengeInfoLabel`.
pub const THREEDS_FIELD_INFO_LABEL: u8 = 1;
/// `challengeInfoText` (`\n` line breaks; `**bold**` in 2.3.1).
pub const THREEDS_FIELD_INFO_TEXT: u8 = 2;
/// `whyInfoLabel`.
pub const THREEDS_FIELD_WHY_LABEL: u8 = 3;
/// `whyInfoText`.
pub const THREEDS_FIELD_WHY_TEXT: u8 = 4;
/// `expandInfoLabel`.
pub const THREEDS_FIELD_EXPAND_LABEL: u8 = 5;
/// `expandInfoText`.
pub const THREEDS_FIELD_EXPAND_TEXT: u8 = 6;
/// `challengeAddLabel` (2.3.1).
pub const THREEDS_FIELD_ADD_LABEL: u8 = 7;
/// `whitelistingInfoText` (2.2.0) / `trustListInfoText` (2.3.1).
pub const THREEDS_FIELD_TRUST_LIST_TEXT: u8 = 8;
/// `deviceBindingInfoText` (2.3.1).
pub const THREEDS_FIELD_DEVICE_BINDING_TEXT: u8 = 9;
/// `challengeAddInfo` (up to 2.2.0).
pub const THREEDS_FIELD_ADD_INFO: u8 = 10;
/// `submitAuthenticationLabel` (UI 01–03).
pub const THREEDS_FIELD_SUBMIT_LABEL: u8 = 11;
/// `resendInformationLabel` (UI 01).
pub const THREEDS_FIELD_RESEND_LABEL: u8 = 12;
/// `oobContinueLabel` (UI 04) / `infoContinueLabel` (UI 07).
pub const THREEDS_FIELD_CONTINUE_LABEL: u8 = 13;
/// `oobAppURL` (UI 04/06, 2.3.1).
pub const THREEDS_FIELD_OOB_APP_URL: u8 = 14;
/// `oobAppLabel` (UI 04, 2.3.1).
pub const THREEDS_FIELD_OOB_APP_LABEL: u8 = 15;
/// `challengeEntryBox.challengeDataEntryLabel` (2.3.1).
pub const THREEDS_FIELD_ENTRY_LABEL: u8 = 16;
/// `challengeEntryBoxTwo.challengeDataEntryLabel` (2.3.1).
pub const THREEDS_FIELD_ENTRY_TWO_LABEL: u8 = 17;
/// `acsHTML`, decoded (UI 05/06).
pub const THREEDS_FIELD_HTML: u8 = 18;
/// `acsHTMLRefresh`, decoded (UI 05, up to 2.2.0).
pub const THREEDS_FIELD_HTML_REFRESH: u8 = 19;
/// `issuerImage.medium` (2.1.0/2.2.0).
pub const THREEDS_FIELD_ISSUER_IMAGE_MEDIUM: u8 = 20;
/// `issuerImage.high` (2.1.0/2.2.0).
pub const THREEDS_FIELD_ISSUER_IMAGE_HIGH: u8 = 21;
/// `issuerImage.extraHigh` (2.1.0/2.2.0).
pub const THREEDS_FIELD_ISSUER_IMAGE_EXTRA_HIGH: u8 = 22;
/// `issuerImage.default` (2.3.1).
pub const THREEDS_FIELD_ISSUER_IMAGE_DEFAULT: u8 = 23;
/// `issuerImage.dark` (2.3.1).
pub const THREEDS_FIELD_ISSUER_IMAGE_DARK: u8 = 24;
/// `issuerImage.monochrome` (2.3.1).
pub const THREEDS_FIELD_ISSUER_IMAGE_MONOCHROME: u8 = 25;
/// `psImage.medium` (2.1.0/2.2.0).
pub const THREEDS_FIELD_PS_IMAGE_MEDIUM: u8 = 26;
/// `psImage.high` (2.1.0/2.2.0).
pub const THREEDS_FIELD_PS_IMAGE_HIGH: u8 = 27;
/// `psImage.extraHigh` (2.1.0/2.2.0).
pub const THREEDS_FIELD_PS_IMAGE_EXTRA_HIGH: u8 = 28;
/// `psImage.default` (2.3.1).
pub const THREEDS_FIELD_PS_IMAGE_DEFAULT: u8 = 29;
/// `psImage.dark` (2.3.1).
pub const THREEDS_FIELD_PS_IMAGE_DARK: u8 = 30;
/// `psImage.monochrome` (2.3.1).
pub const THREEDS_FIELD_PS_IMAGE_MONOCHROME: u8 = 31;
/// Number of `THREEDS_FIELD_*` values.
pub const THREEDS_FIELD_COUNT: u8 = 32;

/// A 2.3.1 entry box (`challengeEntryBox`, `challengeEntryBoxTwo`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct threeds_entry_box {
    /// 1 when the screen has this box.
    pub present: u8,
    /// `challengeDataEntryKeyboardType`: 1 numeric, 2 alphanumeric, 0 absent.
    pub keyboard_type: u8,
    /// `challengeDataEntryAutofill` = Y.
    pub autofill: u8,
    /// `challengeDataEntryAutofillType`: 1 SMS OTP, 2 password, 0 absent.
    pub autofill_type: u8,
    /// `challengeDataEntryLengthMax` (1–45).
    pub length_max: u8,
    /// `challengeDataEntryMasking`: -1 absent, 0 N, 1 Y.
    pub masking: i8,
    /// `challengeDataEntryToggle`: -1 absent, 0 N, 1 Y.
    pub toggle: i8,
}

/// The flags and counts of the current screen (texts: `threeds_screen_text`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct threeds_screen_info {
    /// `acsUiType` (1–7).
    pub ui_type: u8,
    /// `challengeInfoTextIndicator` = Y: show the warning icon.
    pub info_text_indicator: u8,
    /// `togglePositionInd` = 01: consent toggles above the buttons.
    pub toggle_above: u8,
    /// Number of `challengeSelectInfo` options (UI 02/03).
    pub option_count: u16,
    /// Number of screens received in this challenge (1 for the first).
    pub round: u16,
    /// `challengeEntryBox` (2.3.1).
    pub entry_box: threeds_entry_box,
    /// `challengeEntryBoxTwo` (2.3.1).
    pub entry_box_two: threeds_entry_box,
}

const ABSENT: u32 = u32::MAX;

/// Offset and length of one decoded text inside `work`.
#[derive(Debug, Clone, Copy)]
struct Span {
    off: u32,
    len: u32,
}

const NONE: Span = Span {
    off: ABSENT,
    len: 0,
};

/// Where the current screen's decoded texts are.
#[derive(Debug)]
pub(crate) struct ScreenIndex {
    work: *const u8,
    work_len: usize,
    /// False when no screen is readable.
    ready: bool,
    round: u16,
    info: threeds_screen_info,
    fields: [Span; THREEDS_FIELD_COUNT as usize],
    /// Offset of the option table (`option_count` × key span, label span,
    /// each 2 × u32 little-endian) inside `work`.
    options: u32,
}

/// Appends decoded texts to the free part of `work`.
struct Writer<'w> {
    buf: &'w mut [u8],
    /// Offset of `buf` inside `work`.
    base: usize,
    pos: usize,
}

impl Writer<'_> {
    fn span(&self, start: usize, len: usize) -> Option<Span> {
        Some(Span {
            off: u32::try_from(self.base.checked_add(start)?).ok()?,
            len: u32::try_from(len).ok()?,
        })
    }

    fn nul(&mut self, at: usize) -> Option<()> {
        *self.buf.get_mut(at)? = 0;
        Some(())
    }

    fn json(&mut self, s: JsonStr<'_>) -> Option<Span> {
        let start = self.pos;
        let room = self.buf.get_mut(start..)?;
        let len = s.unescape_into(room).ok()?.len();
        self.nul(start.checked_add(len)?)?;
        self.pos = start.checked_add(len)?.checked_add(1)?;
        self.span(start, len)
    }

    fn opt(&mut self, s: Option<JsonStr<'_>>) -> Option<Span> {
        match s {
            Some(s) => self.json(s),
            None => Some(NONE),
        }
    }

    fn html(&mut self, h: Option<HtmlContent<'_>>) -> Option<Span> {
        let Some(h) = h else { return Some(NONE) };
        let start = self.pos;
        let room = self.buf.get_mut(start..)?;
        let len = h.decode_into(room).ok()?.len();
        self.nul(start.checked_add(len)?)?;
        self.pos = start.checked_add(len)?.checked_add(1)?;
        self.span(start, len)
    }

    fn reserve(&mut self, n: usize) -> Option<usize> {
        let start = self.pos;
        let end = start.checked_add(n)?;
        self.buf.get(start..end)?;
        self.pos = end;
        Some(start)
    }

    fn put_u32(&mut self, at: usize, v: u32) -> Option<()> {
        self.buf
            .get_mut(at..at.checked_add(4)?)?
            .copy_from_slice(&v.to_le_bytes());
        Some(())
    }
}

fn entry_box(b: Option<EntryBox<'_>>) -> threeds_entry_box {
    let tri = |v: Option<bool>| v.map_or(-1, i8::from);
    b.map_or_else(threeds_entry_box::default, |b| threeds_entry_box {
        present: 1,
        keyboard_type: b.keyboard_type.unwrap_or(0),
        autofill: u8::from(b.autofill),
        autofill_type: b.autofill_type.unwrap_or(0),
        length_max: b.length_max,
        masking: tri(b.masking),
        toggle: tri(b.toggle),
    })
}

impl ScreenIndex {
    pub(crate) const fn empty() -> Self {
        Self {
            work: core::ptr::null(),
            work_len: 0,
            ready: false,
            round: 0,
            info: threeds_screen_info {
                ui_type: 0,
                info_text_indicator: 0,
                toggle_above: 0,
                option_count: 0,
                round: 0,
                entry_box: threeds_entry_box {
                    present: 0,
                    keyboard_type: 0,
                    autofill: 0,
                    autofill_type: 0,
                    length_max: 0,
                    masking: 0,
                    toggle: 0,
                },
                entry_box_two: threeds_entry_box {
                    present: 0,
                    keyboard_type: 0,
                    autofill: 0,
                    autofill_type: 0,
                    length_max: 0,
                    masking: 0,
                    toggle: 0,
                },
            },
            fields: [NONE; THREEDS_FIELD_COUNT as usize],
            options: ABSENT,
        }
    }

    /// Decodes `screen` into `rest` (the part of `work` after the plaintext,
    /// which starts `base` bytes into `work` at `work`). An index that could
    /// not be built (impossible with the documented `work` size) leaves the
    /// screen unreadable rather than half-readable.
    pub(crate) fn build(
        ui_type: UiType,
        screen: &ChallengeScreen<'_>,
        work: *const u8,
        base: usize,
        rest: &mut [u8],
        round: u16,
    ) -> Self {
        let work_len = base.saturating_add(rest.len());
        let mut w = Writer {
            buf: rest,
            base,
            pos: 0,
        };
        let mut idx = Self::empty();
        if idx.fill(ui_type, screen, &mut w).is_none() {
            return Self::empty();
        }
        idx.work = work;
        idx.work_len = work_len;
        idx.round = round;
        idx.info.round = round;
        idx.ready = true;
        idx
    }

    fn set(&mut self, field: u8, span: Option<Span>) -> Option<()> {
        *self.fields.get_mut(usize::from(field))? = span?;
        Some(())
    }

    fn texts(&mut self, t: &ScreenTexts<'_>, w: &mut Writer<'_>) -> Option<()> {
        self.info.info_text_indicator = u8::from(t.info_text_indicator);
        self.info.toggle_above = u8::from(t.toggle_above);
        self.set(THREEDS_FIELD_HEADER, w.opt(t.header))?;
        self.set(THREEDS_FIELD_INFO_LABEL, w.opt(t.info_label))?;
        self.set(THREEDS_FIELD_INFO_TEXT, w.opt(t.info_text))?;
        self.set(THREEDS_FIELD_WHY_LABEL, w.opt(t.why_label))?;
        self.set(THREEDS_FIELD_WHY_TEXT, w.opt(t.why_text))?;
        self.set(THREEDS_FIELD_EXPAND_LABEL, w.opt(t.expand_label))?;
        self.set(THREEDS_FIELD_EXPAND_TEXT, w.opt(t.expand_text))?;
        self.set(THREEDS_FIELD_ADD_LABEL, w.opt(t.add_label))?;
        self.set(THREEDS_FIELD_TRUST_LIST_TEXT, w.opt(t.trust_list_text))?;
        self.set(
            THREEDS_FIELD_DEVICE_BINDING_TEXT,
            w.opt(t.device_binding_text),
        )?;
        self.set(THREEDS_FIELD_ADD_INFO, w.opt(t.add_info))?;
        self.image(t.issuer_image, THREEDS_FIELD_ISSUER_IMAGE_MEDIUM, w)?;
        self.image(t.ps_image, THREEDS_FIELD_PS_IMAGE_MEDIUM, w)
    }

    /// The six image fields start at `first` (medium, high, extraHigh,
    /// default, dark, monochrome).
    fn image(&mut self, img: Option<Image<'_>>, first: u8, w: &mut Writer<'_>) -> Option<()> {
        let (a, b, c, d) = match img {
            None => return Some(()),
            Some(Image::Density {
                medium,
                high,
                extra_high,
            }) => (medium, high, extra_high, 0),
            Some(Image::Themed {
                default,
                dark,
                monochrome,
            }) => (Some(default), dark, monochrome, 3),
        };
        self.set(first + d, w.opt(a))?;
        self.set(first + d + 1, w.opt(b))?;
        self.set(first + d + 2, w.opt(c))
    }

    fn fill(
        &mut self,
        ui_type: UiType,
        screen: &ChallengeScreen<'_>,
        w: &mut Writer<'_>,
    ) -> Option<()> {
        self.info.ui_type = ui_type.code();
        match screen {
            ChallengeScreen::Text {
                texts,
                entry_box: one,
                entry_box_two: two,
                submit_label,
                resend_label,
            } => {
                self.texts(texts, w)?;
                self.info.entry_box = entry_box(*one);
                self.info.entry_box_two = entry_box(*two);
                self.set(THREEDS_FIELD_ENTRY_LABEL, w.opt(one.map(|b| b.label)))?;
                self.set(THREEDS_FIELD_ENTRY_TWO_LABEL, w.opt(two.map(|b| b.label)))?;
                self.set(THREEDS_FIELD_SUBMIT_LABEL, w.json(*submit_label))?;
                self.set(THREEDS_FIELD_RESEND_LABEL, w.opt(*resend_label))
            }
            ChallengeScreen::SingleSelect {
                texts,
                options,
                submit_label,
            }
            | ChallengeScreen::MultiSelect {
                texts,
                options,
                submit_label,
            } => {
                self.texts(texts, w)?;
                self.set(THREEDS_FIELD_SUBMIT_LABEL, w.json(*submit_label))?;
                let count = options.iter().count();
                let table = w.reserve(count.checked_mul(16)?)?;
                for (i, (key, label)) in options.iter().enumerate() {
                    let k = w.json(key)?;
                    let l = w.json(label)?;
                    let at = table.checked_add(i.checked_mul(16)?)?;
                    w.put_u32(at, k.off)?;
                    w.put_u32(at + 4, k.len)?;
                    w.put_u32(at + 8, l.off)?;
                    w.put_u32(at + 12, l.len)?;
                }
                self.info.option_count = u16::try_from(count).ok()?;
                self.options = w.span(table, 0)?.off;
                Some(())
            }
            ChallengeScreen::Oob {
                texts,
                continue_label,
                app_url,
                app_label,
            } => {
                self.texts(texts, w)?;
                self.set(THREEDS_FIELD_CONTINUE_LABEL, w.opt(*continue_label))?;
                self.set(THREEDS_FIELD_OOB_APP_URL, w.opt(*app_url))?;
                self.set(THREEDS_FIELD_OOB_APP_LABEL, w.opt(*app_label))
            }
            ChallengeScreen::Html { html, refresh } => {
                self.set(THREEDS_FIELD_HTML, w.html(Some(*html)))?;
                self.set(THREEDS_FIELD_HTML_REFRESH, w.html(*refresh))
            }
            ChallengeScreen::HtmlOob { html, app_url } => {
                self.set(THREEDS_FIELD_HTML, w.html(Some(*html)))?;
                self.set(THREEDS_FIELD_OOB_APP_URL, w.opt(*app_url))
            }
            ChallengeScreen::Information {
                texts,
                continue_label,
            } => {
                self.texts(texts, w)?;
                self.set(THREEDS_FIELD_CONTINUE_LABEL, w.json(*continue_label))
            }
        }
    }

    /// The screen is readable only while it is the one awaiting an answer.
    fn readable(&self, t: &threeds_txn) -> bool {
        self.ready && t.state_name() == StateName::ChallengeExpectCreq && t.round() == self.round
    }

    /// Pointer to `len` bytes at `off` in `work`, if inside it.
    fn at(&self, off: u32, len: u32) -> Option<*const c_char> {
        let off = usize::try_from(off).ok()?;
        let end = off.checked_add(usize::try_from(len).ok()?)?;
        // The NUL after the text is inside `work` too.
        if end >= self.work_len {
            return None;
        }
        // SAFETY: `off` < `work_len`, the size of the caller's `work` buffer
        // this index was built from, so the result stays inside it.
        Some(unsafe { self.work.add(off) }.cast())
    }

    fn read_u32(&self, off: usize) -> Option<u32> {
        let end = off.checked_add(4)?;
        if end > self.work_len {
            return None;
        }
        let mut b = [0u8; 4];
        for (i, byte) in b.iter_mut().enumerate() {
            // SAFETY: `off + i` < `work_len` (checked above): inside `work`,
            // which the caller keeps valid while the screen is read.
            *byte = unsafe { self.work.add(off + i).read() };
        }
        Some(u32::from_le_bytes(b))
    }
}

/// The current screen's flags and counts into `*info`.
/// `THREEDS_ERR_WRONG_STATE` unless the last `handle_cres` returned a screen
/// that is not answered yet.
///
/// # Safety
/// `txn` a live handle; `info` writable; the `work` buffer of that
/// `handle_cres` is intact.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_screen_get_info(
    txn: *const threeds_txn,
    info: *mut threeds_screen_info,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            if info.is_null() {
                return THREEDS_ERR_NULL_POINTER;
            }
            if !t.screen.readable(t) {
                return THREEDS_ERR_WRONG_STATE;
            }
            info.write(t.screen.info);
            THREEDS_OK
        })
    }
}

/// One text of the current screen (`THREEDS_FIELD_*`): `*text` points to
/// NUL-terminated UTF-8 inside `work` and `*len` is its length in bytes
/// (without the NUL; a received `\u0000` stays inside). An absent field
/// gives `*text` = NULL and `*len` = 0.
///
/// # Safety
/// `txn` a live handle; `text`, `len` writable; `work` intact.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_screen_text(
    txn: *const threeds_txn,
    field: u8,
    text: *mut *const c_char,
    len: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            if text.is_null() || len.is_null() {
                return THREEDS_ERR_NULL_POINTER;
            }
            let s = &t.screen;
            if !s.readable(t) {
                return THREEDS_ERR_WRONG_STATE;
            }
            let Some(span) = s.fields.get(usize::from(field)) else {
                return THREEDS_ERR_INVALID_PARAMETER;
            };
            if span.off == ABSENT {
                text.write(core::ptr::null());
                len.write(0);
                return THREEDS_OK;
            }
            match s.at(span.off, span.len) {
                Some(p) => {
                    text.write(p);
                    len.write(span.len as usize);
                    THREEDS_OK
                }
                None => THREEDS_ERR_WRONG_STATE,
            }
        })
    }
}

/// Option `index` (0-based, < `option_count`) of `challengeSelectInfo`: its
/// key (answer with it) and label, as NUL-terminated UTF-8 inside `work`.
/// Any of the four out pointers may be NULL.
///
/// # Safety
/// `txn` a live handle; out pointers writable or NULL; `work` intact.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_screen_option(
    txn: *const threeds_txn,
    index: u16,
    key: *mut *const c_char,
    key_len: *mut usize,
    label: *mut *const c_char,
    label_len: *mut usize,
) -> i32 {
    // SAFETY: forwarded contract.
    unsafe {
        with_txn_ref(txn, |t| {
            let s = &t.screen;
            if !s.readable(t) {
                return THREEDS_ERR_WRONG_STATE;
            }
            if index >= s.info.option_count || s.options == ABSENT {
                return THREEDS_ERR_INVALID_PARAMETER;
            }
            let rec = (s.options as usize).saturating_add(usize::from(index) * 16);
            let read = |o: usize| s.read_u32(rec.saturating_add(o));
            let (Some(ko), Some(kl), Some(lo), Some(ll)) = (read(0), read(4), read(8), read(12))
            else {
                return THREEDS_ERR_WRONG_STATE;
            };
            let (Some(kp), Some(lp)) = (s.at(ko, kl), s.at(lo, ll)) else {
                return THREEDS_ERR_WRONG_STATE;
            };
            put(key, kp);
            put(key_len, kl as usize);
            put(label, lp);
            put(label_len, ll as usize);
            THREEDS_OK
        })
    }
}
