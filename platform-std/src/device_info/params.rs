//! Readers of the parameters that come from the system (files, environment).

use threeds_core::message::NotAvailableReason::{self, PlatformUnsupported, Unavailable};

use super::source::{Source, assignment, clean};

type Read = Result<String, NotAvailableReason>;

/// DMI strings firmware vendors leave unset: they name no device.
const DMI_PLACEHOLDERS: [&str; 8] = [
    "To Be Filled By O.E.M.",
    "To be filled by O.E.M.",
    "System manufacturer",
    "System Product Name",
    "Default string",
    "Not Specified",
    "Not Applicable",
    "O.E.M.",
];

/// `C002`: `vendor||product` from DMI (PCs, kiosks, VMs) or the device tree
/// (ARM boards: the vendor is the first `compatible` entry's prefix).
pub(crate) fn model(src: &Source) -> Read {
    if src.exists("/sys/class/dmi/id") {
        let part = |name: &str| -> Read {
            let v = src.read_text(&format!("/sys/class/dmi/id/{name}"))?;
            if DMI_PLACEHOLDERS.contains(&v.as_str()) {
                return Err(Unavailable);
            }
            clean(&v).ok_or(Unavailable)
        };
        let vendor = part("sys_vendor")?;
        let product = part("product_name")?;
        return Ok(format!("{vendor}||{product}"));
    }
    for base in ["/proc/device-tree", "/sys/firmware/devicetree/base"] {
        if !src.exists(base) {
            continue;
        }
        let product = clean(&src.read_text(&format!("{base}/model"))?).ok_or(Unavailable)?;
        let compatible = src.read_text(&format!("{base}/compatible"))?;
        let vendor = compatible
            .split('\0')
            .next()
            .and_then(|c| c.split_once(','))
            .and_then(|(v, _)| clean(v))
            .ok_or(Unavailable)?;
        return Ok(format!("{vendor}||{product}"));
    }
    Err(Unavailable)
}

/// The os-release text (`/etc/os-release`, else `/usr/lib/os-release`).
fn os_release(src: &Source) -> Read {
    match src.read_text("/etc/os-release") {
        Err(Unavailable) => src.read_text("/usr/lib/os-release"),
        other => other,
    }
}

/// `C003`: os-release `NAME`, else the kernel's name.
pub(crate) fn os_name(src: &Source) -> Read {
    if let Some(name) = os_release(src)
        .ok()
        .and_then(|t| assignment(&t, "NAME"))
        .and_then(|n| clean(&n))
    {
        return Ok(name);
    }
    clean(&src.read_text("/proc/sys/kernel/ostype")?).ok_or(Unavailable)
}

/// `C004`: os-release `VERSION_ID`, else the kernel release (rolling
/// distributions have no version of their own).
pub(crate) fn os_version(src: &Source) -> Read {
    if let Some(v) = os_version_id(src) {
        return Ok(v);
    }
    kernel_release(src)
}

/// os-release `VERSION_ID`.
pub(crate) fn os_version_id(src: &Source) -> Option<String> {
    os_release(src)
        .ok()
        .and_then(|t| assignment(&t, "VERSION_ID"))
        .and_then(|v| clean(&v))
}

/// The running kernel's release (`uname -r`).
pub(crate) fn kernel_release(src: &Source) -> Read {
    clean(&src.read_text("/proc/sys/kernel/osrelease")?).ok_or(Unavailable)
}

/// `C005`: the messages locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, then the
/// system default in `/etc/locale.conf` or `/etc/default/locale`) as a
/// BCP 47 tag. `C`/`POSIX` name no language: `RE04`.
pub(crate) fn locale(src: &Source) -> Read {
    let from_env = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|v| src.env(v).map(str::to_owned));
    let posix = match from_env {
        Some(v) => v,
        None => {
            let mut found = None;
            for file in ["/etc/locale.conf", "/etc/default/locale"] {
                match src.read_text(file) {
                    Ok(text) => {
                        found = assignment(&text, "LC_ALL")
                            .or_else(|| assignment(&text, "LC_MESSAGES"))
                            .or_else(|| assignment(&text, "LANG"));
                        break;
                    }
                    Err(Unavailable) => continue,
                    Err(other) => return Err(other),
                }
            }
            found.ok_or(Unavailable)?
        }
    };
    bcp47(&posix).ok_or(Unavailable)
}

/// `ll_CC.codeset@modifier` → `ll-Script-CC`.
pub(crate) fn bcp47(posix: &str) -> Option<String> {
    let (rest, modifier) = match posix.split_once('@') {
        Some((r, m)) => (r, Some(m)),
        None => (posix, None),
    };
    let rest = rest.split('.').next().unwrap_or(rest);
    let (lang, region) = match rest.split_once('_') {
        Some((l, r)) => (l, Some(r)),
        None => (rest, None),
    };
    let alpha = |s: &str, n: core::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    if !alpha(lang, 2..=3) {
        return None; // C, POSIX, or not a language
    }
    let mut tag = lang.to_ascii_lowercase();
    match modifier {
        Some("latin") => tag.push_str("-Latn"),
        Some("cyrillic") => tag.push_str("-Cyrl"),
        _ => {}
    }
    if let Some(region) = region {
        let numeric = region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit());
        if alpha(region, 2..=2) {
            tag.push('-');
            tag.push_str(&region.to_ascii_uppercase());
        } else if numeric {
            tag.push('-');
            tag.push_str(region);
        } else {
            return None;
        }
    }
    Some(tag)
}

/// `C006`: the IANA time zone (`TZ`, `/etc/timezone`, the `/etc/localtime` link).
pub(crate) fn time_zone(src: &Source) -> Read {
    if let Some(tz) = src.env("TZ") {
        let tz = tz.strip_prefix(':').unwrap_or(tz);
        let name = tz.rsplit_once("zoneinfo/").map_or(tz, |(_, n)| n);
        return zone_name(name).ok_or(Unavailable);
    }
    match src.read_text("/etc/timezone") {
        Ok(text) => return zone_name(text.lines().next().unwrap_or("")).ok_or(Unavailable),
        Err(Unavailable) => {}
        Err(other) => return Err(other),
    }
    let target = src.read_link("/etc/localtime")?;
    let (_, name) = target.rsplit_once("zoneinfo/").ok_or(Unavailable)?;
    zone_name(name).ok_or(Unavailable)
}

fn zone_name(name: &str) -> Option<String> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('/')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b));
    ok.then(|| name.to_owned())
}

/// `C008`: the preferred mode of the first connected DRM connector, else the
/// first framebuffer's size. No display subsystem at all: `RE02`.
pub(crate) fn screen(src: &Source) -> Read {
    let drm = src.exists("/sys/class/drm");
    let fb = src.exists("/sys/class/graphics");
    if !drm && !fb {
        return Err(PlatformUnsupported);
    }
    if drm {
        for name in src.list_dir("/sys/class/drm", 64)? {
            if !name.starts_with("card") || !name.contains('-') {
                continue;
            }
            let base = format!("/sys/class/drm/{name}");
            if src.read_text(&format!("{base}/status")).ok().as_deref() != Some("connected") {
                continue;
            }
            let modes = src.read_text(&format!("{base}/modes"))?;
            if let Some(mode) = modes.lines().next().and_then(resolution) {
                return Ok(mode);
            }
        }
    }
    if fb && let Ok(size) = src.read_text("/sys/class/graphics/fb0/virtual_size") {
        return resolution(&size.replace(',', "x")).ok_or(Unavailable);
    }
    Err(Unavailable)
}

/// `WIDTHxHEIGHT` with both numbers non-zero (a DRM mode may end in `i`).
fn resolution(mode: &str) -> Option<String> {
    let (w, h) = mode.trim().split_once('x')?;
    let h = h.trim_end_matches(|c: char| !c.is_ascii_digit());
    let w: u32 = w.parse().ok()?;
    let h: u32 = h.parse().ok()?;
    (w > 0 && h > 0).then(|| format!("{w}x{h}"))
}

/// `C009`: the host name.
pub(crate) fn device_name(src: &Source) -> Read {
    let name = match src.read_text("/proc/sys/kernel/hostname") {
        Err(Unavailable) => src.read_text("/etc/hostname")?,
        other => other?,
    };
    clean(&name).ok_or(Unavailable)
}

/// `C013` when the app did not name itself: the executable's file name.
pub(crate) fn executable_name(src: &Source) -> Read {
    let target = src.read_link("/proc/self/exe")?;
    let target = target.strip_suffix(" (deleted)").unwrap_or(&target);
    let name = target.rsplit('/').next().unwrap_or(target);
    clean(name).ok_or(Unavailable)
}

/// `C007` (only when the app enables it): `/etc/machine-id`.
pub(crate) fn machine_id(src: &Source) -> Read {
    clean(&src.read_text("/etc/machine-id")?).ok_or(Unavailable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_locales_become_bcp47_tags() {
        let cases = [
            ("en_US.UTF-8", Some("en-US")),
            ("de_DE", Some("de-DE")),
            ("fr", Some("fr")),
            ("sr_RS@latin", Some("sr-Latn-RS")),
            ("es_419.UTF-8", Some("es-419")),
            ("ca_ES.UTF-8@valencia", Some("ca-ES")),
            ("C", None),
            ("C.UTF-8", None),
            ("POSIX", None),
            ("en_USA", None),
        ];
        for (posix, tag) in cases {
            assert_eq!(bcp47(posix).as_deref(), tag, "{posix}");
        }
    }

    #[test]
    fn resolutions_parse_drm_and_fb_forms() {
        assert_eq!(resolution("1920x1080").as_deref(), Some("1920x1080"));
        assert_eq!(resolution("1920x1080i").as_deref(), Some("1920x1080"));
        assert_eq!(resolution("0x0"), None);
        assert_eq!(resolution("wide"), None);
    }

    #[test]
    fn zone_names_are_iana_like() {
        assert_eq!(zone_name("Europe/Paris").as_deref(), Some("Europe/Paris"));
        assert_eq!(zone_name("Etc/GMT+5").as_deref(), Some("Etc/GMT+5"));
        assert_eq!(zone_name("/etc/x"), None);
        assert_eq!(zone_name("a b"), None);
    }
}
