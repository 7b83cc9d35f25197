//! Deterministic seeded data: bindings to list, desktops and EIPs to bind.

/// A terminal-desktop binding, as the list API returns it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Binding {
    pub id: String,
    pub mac: String,
    pub desktop_name: String,
    pub description: String,
}

/// Desktops the bind API knows (id, name).
pub const DESKTOPS: [(&str, &str); 5] = [
    ("90f05916-bc71-4e26-a534-d036188d96e3", "dsk-fin-0001"),
    ("4b2f6a1e-7c3d-4e8a-9f10-2a3b4c5d6e7f", "dsk-hr-0002"),
    ("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "dsk-ops-0003"),
    ("0f1e2d3c-4b5a-4697-8877-665544332211", "dsk-dev-0004"),
    ("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "dsk-lab-0005"),
];

/// EIPs the bind API knows. The last one starts bound to the last desktop,
/// so "already bound" is easy to see.
pub const EIPS: [&str; 5] = [
    "450ca7d4-9603-48d0-a9bc-fb85cdaf3031",
    "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b",
    "b3c4d5e6-f7a8-49b0-8c1d-2e3f4a5b6c7d",
    "d9e8f7a6-b5c4-4d3e-9f2a-1b0c9d8e7f6a",
    "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
];

pub fn initial_eip_bindings() -> Vec<(String, String)> {
    vec![(EIPS[4].to_string(), DESKTOPS[4].0.to_string())]
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
    let hostile: [(&str, &str); 6] = [
        ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"),
        ("<img src=x onerror=alert(2)>", "\"quoted\" & <b>bold</b>"),
        ("财务部-桌面-01", "财务部的云桌面 🙂 — non-ASCII"),
        ("مكتب-القاهرة", "RTL: مكتب القاهرة"),
        ("dsk-long-description", ""),
        ("", "A desktop whose name is 255 characters long"),
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
}
