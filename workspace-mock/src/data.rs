//! Deterministic seeded data: bindings to list, and a world of desktops and
//! EIPs to list, bind and unbind.

/// A terminal-desktop binding, as the list API returns it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Binding {
    pub id: String,
    pub mac: String,
    pub desktop_name: String,
    pub description: String,
}

/// The five desktops of the first mock, kept with their IDs and names
/// (id, name); the seeded world adds more (see `seed_world`).
pub const DESKTOPS: [(&str, &str); 5] = [
    ("90f05916-bc71-4e26-a534-d036188d96e3", "dsk-fin-0001"),
    ("4b2f6a1e-7c3d-4e8a-9f10-2a3b4c5d6e7f", "dsk-hr-0002"),
    ("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "dsk-ops-0003"),
    ("0f1e2d3c-4b5a-4697-8877-665544332211", "dsk-dev-0004"),
    ("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "dsk-lab-0005"),
];

/// The five EIPs of the first mock. The last one starts bound to the last
/// desktop, so "already bound" is easy to see; the others start unbound.
pub const EIPS: [&str; 5] = [
    "450ca7d4-9603-48d0-a9bc-fb85cdaf3031",
    "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b",
    "b3c4d5e6-f7a8-49b0-8c1d-2e3f4a5b6c7d",
    "d9e8f7a6-b5c4-4d3e-9f2a-1b0c9d8e7f6a",
    "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
];

/// How many desktops and EIPs the seeded world has.
pub const DESKTOP_COUNT: usize = 45;
pub const EIP_COUNT: usize = 60;
/// How many of the generated EIPs start bound (to generated desktops).
pub const GENERATED_BOUND: usize = 24;

/// The enterprise project every account has.
pub const DEFAULT_ENTERPRISE_PROJECT: &str = "0";

/// A desktop, as the desktop list returns it (SimpleDesktopInfo, the
/// fields the console reads).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Desktop {
    pub desktop_id: String,
    pub computer_name: String,
    pub ip_address: String,
    pub status: String,
    pub user_name: String,
    pub availability_zone: String,
    pub created: String,
}

/// An EIP without its binding, which lives in the mutable state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eip {
    pub id: String,
    pub address: String,
    pub charge_mode: &'static str,
    pub bandwidth_size: u32,
    pub create_time: String,
    pub enterprise_project_id: String,
}

impl Eip {
    /// The address as numbers, for sorting `119.3.2.9` before `119.3.2.10`.
    pub fn address_key(&self) -> Vec<u32> {
        self.address
            .split('.')
            .map(|part| part.parse().unwrap_or(u32::MAX))
            .collect()
    }
}

/// Desktops and EIPs, and which EIP starts bound to which desktop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct World {
    /// Sorted by name, then ID (the list order).
    pub desktops: Vec<Desktop>,
    /// Sorted by address, numerically (the list order).
    pub eips: Vec<Eip>,
    /// EIP ID → desktop ID.
    pub initial_bindings: Vec<(String, String)>,
}

impl World {
    pub fn desktop(&self, id: &str) -> Option<&Desktop> {
        self.desktops.iter().find(|d| d.desktop_id == id)
    }

    pub fn has_eip(&self, id: &str) -> bool {
        self.eips.iter().any(|e| e.id == id)
    }
}

const ZONES: [&str; 3] = ["cn-north-4a", "cn-north-4b", "cn-north-4g"];

const FIRST_NAMES: [&str; 12] = [
    "wei", "na", "jun", "li", "anna", "omar", "sara", "ken", "maria", "yusuf", "lena", "tao",
];
const LAST_NAMES: [&str; 10] = [
    "zhang", "wang", "chen", "liu", "schmidt", "haddad", "garcia", "sato", "khan", "zhou",
];

/// A version-4 UUID from the generator.
fn uuid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        8 + (b >> 62),
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

/// A time in `yyyy-MM-ddTHH:mm:ssZ`, from 2022 to 2025 (days 1–28, so every
/// date is valid).
fn timestamp(rng: &mut Rng) -> String {
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        2022 + rng.below(4),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(24),
        rng.below(60),
        rng.below(60)
    )
}

/// The desktops and EIPs for a seed: the five known of each with fixed
/// values, the rest generated. The same seed gives the same world.
pub fn seed_world(seed: u64) -> World {
    // A stream of its own, so the bindings list does not shift the world.
    let mut rng = Rng::new(seed ^ 0xD35C_70F5_EED0_0001);
    let known_desktops = [
        (
            "192.168.10.11",
            "ACTIVE",
            "wei_zhang",
            "2023-02-14T09:30:00Z",
        ),
        (
            "192.168.10.12",
            "ACTIVE",
            "anna_schmidt",
            "2023-03-01T10:15:00Z",
        ),
        (
            "192.168.10.13",
            "ACTIVE",
            "omar_haddad",
            "2023-04-11T08:05:00Z",
        ),
        (
            "192.168.10.14",
            "SHUTOFF",
            "ken_sato",
            "2023-05-20T16:45:00Z",
        ),
        (
            "192.168.10.15",
            "ACTIVE",
            "sara_garcia",
            "2023-06-02T11:00:00Z",
        ),
    ];
    let mut desktops: Vec<Desktop> = DESKTOPS
        .iter()
        .zip(known_desktops)
        .map(|((id, name), (ip, status, user, created))| Desktop {
            desktop_id: id.to_string(),
            computer_name: name.to_string(),
            ip_address: ip.to_string(),
            status: status.to_string(),
            user_name: user.to_string(),
            availability_zone: ZONES[0].to_string(),
            created: created.to_string(),
        })
        .collect();
    let mut ips: std::collections::HashSet<String> =
        desktops.iter().map(|d| d.ip_address.clone()).collect();
    for n in desktops.len()..DESKTOP_COUNT {
        let (short, _) = DEPARTMENTS[rng.below(DEPARTMENTS.len() as u64) as usize];
        let ip = loop {
            let ip = format!("192.168.{}.{}", 10 + rng.below(4), 20 + rng.below(230));
            if ips.insert(ip.clone()) {
                break ip;
            }
        };
        let status = match rng.below(10) {
            0..=6 => "ACTIVE",
            7 | 8 => "SHUTOFF",
            _ => "ERROR",
        };
        let user_name = format!(
            "{}_{}",
            FIRST_NAMES[rng.below(FIRST_NAMES.len() as u64) as usize],
            LAST_NAMES[rng.below(LAST_NAMES.len() as u64) as usize]
        );
        desktops.push(Desktop {
            desktop_id: uuid(&mut rng),
            computer_name: format!("dsk-{short}-{:04}", n + 1),
            ip_address: ip,
            status: status.to_string(),
            user_name,
            availability_zone: ZONES[rng.below(ZONES.len() as u64) as usize].to_string(),
            created: timestamp(&mut rng),
        });
    }

    let known_eips = [
        ("119.3.0.10", "traffic", 5, "2023-01-05T08:00:00Z"),
        ("119.3.0.11", "bandwidth", 10, "2023-01-05T08:01:00Z"),
        ("119.3.0.12", "traffic", 20, "2023-01-05T08:02:00Z"),
        ("119.3.0.13", "bandwidth", 100, "2023-01-05T08:03:00Z"),
        ("119.3.0.14", "traffic", 5, "2023-01-05T08:04:00Z"),
    ];
    let mut eips: Vec<Eip> = EIPS
        .iter()
        .zip(known_eips)
        .map(|(id, (address, mode, size, created))| Eip {
            id: id.to_string(),
            address: address.to_string(),
            charge_mode: mode,
            bandwidth_size: size,
            create_time: created.to_string(),
            enterprise_project_id: DEFAULT_ENTERPRISE_PROJECT.to_string(),
        })
        .collect();
    let projects = [
        DEFAULT_ENTERPRISE_PROJECT.to_string(),
        uuid(&mut rng),
        uuid(&mut rng),
    ];
    let mut addresses: std::collections::HashSet<String> =
        eips.iter().map(|e| e.address.clone()).collect();
    const SIZES: [u32; 9] = [1, 2, 5, 10, 20, 50, 100, 200, 300];
    for _ in eips.len()..EIP_COUNT {
        let address = loop {
            let address = format!("119.3.{}.{}", 1 + rng.below(254), 1 + rng.below(254));
            if addresses.insert(address.clone()) {
                break address;
            }
        };
        let project = match rng.below(10) {
            0..=6 => &projects[0],
            7 | 8 => &projects[1],
            _ => &projects[2],
        };
        eips.push(Eip {
            id: uuid(&mut rng),
            address,
            charge_mode: if rng.below(2) == 0 {
                "traffic"
            } else {
                "bandwidth"
            },
            bandwidth_size: SIZES[rng.below(SIZES.len() as u64) as usize],
            create_time: timestamp(&mut rng),
            enterprise_project_id: project.clone(),
        });
    }

    // The known EIP 5 on the known desktop 5; then generated EIPs on
    // distinct generated desktops, picked by a partial shuffle.
    let mut initial_bindings = vec![(EIPS[4].to_string(), DESKTOPS[4].0.to_string())];
    let mut free: Vec<usize> = (DESKTOPS.len()..desktops.len()).collect();
    let mut generated: Vec<usize> = (EIPS.len()..eips.len()).collect();
    for pick in 0..GENERATED_BOUND.min(free.len()).min(generated.len()) {
        let d = pick + rng.below((free.len() - pick) as u64) as usize;
        free.swap(pick, d);
        let e = pick + rng.below((generated.len() - pick) as u64) as usize;
        generated.swap(pick, e);
        initial_bindings.push((
            eips[generated[pick]].id.clone(),
            desktops[free[pick]].desktop_id.clone(),
        ));
    }

    desktops.sort_by(|a, b| {
        (a.computer_name.as_str(), a.desktop_id.as_str())
            .cmp(&(b.computer_name.as_str(), b.desktop_id.as_str()))
    });
    eips.sort_by(|a, b| (a.address_key(), a.id.as_str()).cmp(&(b.address_key(), b.id.as_str())));
    World {
        desktops,
        eips,
        initial_bindings,
    }
}

/// splitmix64: small, fast, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A uniform value in [0, 1), from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const DEPARTMENTS: [(&str, &str); 7] = [
    ("fin", "Finance"),
    ("hr", "Human resources"),
    ("ops", "Operations"),
    ("dev", "Development"),
    ("sales", "Sales"),
    ("lab", "Test lab"),
    ("eng", "Engineering"),
];

/// `count` bindings, sorted by desktop name then MAC (the list order). The
/// first ones carry hostile values so every UI meets them.
pub fn seed_bindings(seed: u64, count: usize) -> Vec<Binding> {
    let mut rng = Rng::new(seed);
    let mut macs = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(count);
    for n in 0..count {
        let (short, long) = DEPARTMENTS[rng.below(DEPARTMENTS.len() as u64) as usize];
        let mac = loop {
            let bytes = rng.next_u64().to_be_bytes();
            let mac = bytes[..6]
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join("-");
            if macs.insert(mac.clone()) {
                break mac;
            }
        };
        let id = format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64());
        let description = match rng.below(5) {
            0 => String::new(),
            _ => format!(
                "{long}, floor {}, desk {}",
                1 + rng.below(12),
                1 + rng.below(80)
            ),
        };
        out.push(Binding {
            id,
            mac,
            desktop_name: format!("dsk-{short}-{:04}", n + 1),
            description,
        });
    }
    // Cells a spreadsheet would run as formulas, for exports to neutralise.
    let hostile: [(&str, &str); 9] = [
        ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"),
        ("<img src=x onerror=alert(2)>", "\"quoted\" & <b>bold</b>"),
        ("财务部-桌面-01", "财务部的云桌面 🙂 — non-ASCII"),
        ("مكتب-القاهرة", "RTL: مكتب القاهرة"),
        ("dsk-long-description", ""),
        ("", "A desktop whose name is 255 characters long"),
        (
            "=HYPERLINK(\"https://evil.example\",\"dsk\")",
            "+cmd|' /C calc'!A0",
        ),
        (
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3, \"a, b\"\r\nsecond line",
        ),
        ("dsk-tab-formula", "\t=1+1"),
    ];
    for (i, (name, description)) in hostile.iter().enumerate() {
        if let Some(binding) = out.get_mut(i) {
            binding.desktop_name = name.to_string();
            binding.description = description.to_string();
        }
    }
    if let Some(binding) = out.get_mut(4) {
        binding.description = "x".repeat(254) + "!";
    }
    if let Some(binding) = out.get_mut(5) {
        binding.desktop_name = "n".repeat(254) + "!";
    }
    out.sort_by(|a, b| {
        (a.desktop_name.as_str(), a.mac.as_str()).cmp(&(b.desktop_name.as_str(), b.mac.as_str()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeding_is_deterministic_and_sorted() {
        let a = seed_bindings(7, 100);
        assert_eq!(a, seed_bindings(7, 100));
        assert_ne!(a, seed_bindings(8, 100));
        assert!(a.windows(2).all(|w| w[0].desktop_name <= w[1].desktop_name));
        assert!(
            a.iter()
                .all(|b| b.id.len() == 32 && b.id.chars().all(|c| c.is_ascii_hexdigit()))
        );
        assert!(a.iter().any(|b| b.desktop_name.chars().count() == 255));
        assert!(a.iter().any(|b| b.description.chars().count() == 255));
        assert!(a.iter().any(|b| b.desktop_name.contains("<script>")));
    }

    #[test]
    fn the_world_is_deterministic_consistent_and_sorted() {
        let world = seed_world(42);
        assert_eq!(world, seed_world(42));
        assert_ne!(world, seed_world(43));
        assert_eq!(world.desktops.len(), DESKTOP_COUNT);
        assert_eq!(world.eips.len(), EIP_COUNT);
        for (id, name) in DESKTOPS {
            assert_eq!(
                world.desktop(id).map(|d| d.computer_name.as_str()),
                Some(name)
            );
        }
        assert!(EIPS.iter().all(|id| world.has_eip(id)));
        assert_eq!(
            world.initial_bindings[0],
            (EIPS[4].to_string(), DESKTOPS[4].0.to_string())
        );
        assert_eq!(world.initial_bindings.len(), 1 + GENERATED_BOUND);
        // One EIP per desktop and one desktop per EIP, all of them known;
        // the four other known EIPs and desktops start unbound.
        let eips: std::collections::HashSet<_> =
            world.initial_bindings.iter().map(|(e, _)| e).collect();
        let desktops: std::collections::HashSet<_> =
            world.initial_bindings.iter().map(|(_, d)| d).collect();
        assert_eq!(eips.len(), world.initial_bindings.len());
        assert_eq!(desktops.len(), world.initial_bindings.len());
        assert!(
            world
                .initial_bindings
                .iter()
                .all(|(e, d)| world.has_eip(e) && world.desktop(d).is_some())
        );
        assert!(EIPS[..4].iter().all(|e| !eips.contains(&e.to_string())));
        assert!(
            DESKTOPS[..4]
                .iter()
                .all(|(d, _)| !desktops.contains(&d.to_string()))
        );
        // Unique IDs, addresses and IPs; list order.
        let unique = |values: Vec<&String>| {
            values.len()
                == values
                    .iter()
                    .collect::<std::collections::HashSet<_>>()
                    .len()
        };
        assert!(unique(world.eips.iter().map(|e| &e.id).collect()));
        assert!(unique(world.eips.iter().map(|e| &e.address).collect()));
        assert!(unique(
            world.desktops.iter().map(|d| &d.desktop_id).collect()
        ));
        assert!(unique(
            world.desktops.iter().map(|d| &d.ip_address).collect()
        ));
        assert!(unique(
            world.desktops.iter().map(|d| &d.computer_name).collect()
        ));
        assert!(
            world
                .eips
                .windows(2)
                .all(|w| w[0].address_key() < w[1].address_key())
        );
        assert!(
            world
                .desktops
                .windows(2)
                .all(|w| w[0].computer_name < w[1].computer_name)
        );
        assert!(world.eips.iter().all(|e| e.address.starts_with("119.3.")
            && (1..=2000).contains(&e.bandwidth_size)
            && e.create_time.len() == 20
            && e.create_time.ends_with('Z')));
        assert!(world.eips.iter().any(|e| e.charge_mode == "traffic"));
        assert!(world.eips.iter().any(|e| e.charge_mode == "bandwidth"));
        assert!(world.desktops.iter().any(|d| d.status == "SHUTOFF"));
    }
}
