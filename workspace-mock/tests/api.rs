//! The mock over real HTTP on an ephemeral port: every rule in README.md.

mod common;

use common::{Answer, Server, with_state_file};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use workspace_mock::{Config, Mock};

const LIST: &str = "/v2/p1/terminals/binding-desktops";
const BIND: &str = "/v2/p1/eips/binding";
const EIPS: &str = "/v2/p1/eips";
const UNBIND: &str = "/v2/p1/eips/unbinding";
const DESKTOPS: &str = "/v2/p1/desktops";
const EIP: &str = "450ca7d4-9603-48d0-a9bc-fb85cdaf3031";
const DESKTOP: &str = "90f05916-bc71-4e26-a534-d036188d96e3";
/// The EIP that starts bound, and its desktop.
const BOUND_EIP: &str = "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b";
const BOUND_DESKTOP: &str = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";

fn names(answer: &Answer) -> Vec<String> {
    answer.json()["bind_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["desktop_name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn first_page_total_and_stable_order() {
    let server = Server::start(Config::default()).await;
    let first = server.get(&format!("{LIST}?offset=0&limit=20")).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("content-type"), Some("application/json"));
    let json = first.json();
    assert_eq!(json["total_num"], 523);
    let rows = json["bind_list"].as_array().unwrap();
    assert_eq!(rows.len(), 20);
    for row in rows {
        let id = row["id"].as_str().unwrap();
        assert_eq!(id.len(), 32);
        assert!(workspace_mock::query::is_mac(row["mac"].as_str().unwrap()));
        assert!(row["description"].is_string());
    }
    let again = server.get(&format!("{LIST}?offset=0&limit=20")).await;
    assert_eq!(names(&first), names(&again));
    let second = server.get(&format!("{LIST}?offset=20&limit=20")).await;
    let all = server.get(&format!("{LIST}?offset=0&limit=40")).await;
    assert_eq!([names(&first), names(&second)].concat(), names(&all));
    let past = server.get(&format!("{LIST}?offset=8000&limit=20")).await;
    assert_eq!(past.json()["bind_list"].as_array().unwrap().len(), 0);
    assert_eq!(past.json()["total_num"], 523);
    server.stop().await;
}

#[tokio::test]
async fn hostile_values_are_in_the_data() {
    let server = Server::start(Config::default()).await;
    let all = server.get(&format!("{LIST}?offset=0&limit=8000")).await;
    let body = all.body;
    assert!(body.contains("<script>alert(1)</script>"));
    assert!(body.contains("财务部"));
    assert!(body.contains(&("n".repeat(254) + "!")));
    // Cells a spreadsheet would run: an export must neutralise them.
    for formula in [
        r#""=HYPERLINK(\"https://evil.example\",\"dsk\")""#,
        r#""+cmd|' /C calc'!A0""#,
        r#""@SUM(1+1)*cmd|' /C calc'!A0""#,
        r#""-2+3, \"a, b\"\r\nsecond line""#,
        r#""\t=1+1""#,
    ] {
        assert!(body.contains(formula), "{formula}");
    }
    server.stop().await;
}

#[tokio::test]
async fn filters_and_repeated_keys() {
    let server = Server::start(Config::default()).await;
    let all = server
        .get(&format!("{LIST}?offset=0&limit=8000"))
        .await
        .json();
    let rows = all["bind_list"].as_array().unwrap().clone();
    let pick = |i: usize, key: &str| rows[i][key].as_str().unwrap().to_string();
    let (name_a, name_b) = (pick(100, "desktop_name"), pick(200, "desktop_name"));
    let (mac_a, mac_b) = (pick(100, "mac"), pick(300, "mac"));

    // computer_name: case-insensitive substring.
    let fin = server
        .get(&format!("{LIST}?offset=0&limit=8000&computer_name=FIN"))
        .await
        .json();
    let fin_rows = fin["bind_list"].as_array().unwrap();
    assert!(!fin_rows.is_empty());
    assert!(
        fin_rows
            .iter()
            .all(|r| r["desktop_name"].as_str().unwrap().contains("fin"))
    );
    assert_eq!(fin["total_num"].as_u64().unwrap() as usize, fin_rows.len());

    // computer_names: exact, repeated keys.
    let two = server
        .get(&format!(
            "{LIST}?offset=0&limit=10&computer_names={name_a}&computer_names={}",
            name_b.to_uppercase()
        ))
        .await;
    assert_eq!(names(&two), vec![name_a.clone(), name_b.clone()]);

    // mac and mac_list: exact, case-insensitive.
    let one = server
        .get(&format!(
            "{LIST}?offset=0&limit=10&mac={}",
            mac_a.to_lowercase()
        ))
        .await;
    assert_eq!(one.json()["total_num"], 1);
    let list = server
        .get(&format!(
            "{LIST}?offset=0&limit=10&mac_list={mac_a}&mac_list={mac_b}"
        ))
        .await;
    assert_eq!(list.json()["total_num"], 2);

    // Filters combine with AND.
    let both = server
        .get(&format!(
            "{LIST}?offset=0&limit=10&mac_list={mac_a}&mac_list={mac_b}&computer_names={name_a}"
        ))
        .await;
    assert_eq!(names(&both), vec![name_a]);

    // Percent-encoding and + as space are decoded.
    let encoded = server
        .get(&format!(
            "{LIST}?offset=0&limit=10&computer_name=%E8%B4%A2%E5%8A%A1"
        ))
        .await;
    assert_eq!(encoded.json()["total_num"], 1);
    let spaced = server
        .get(&format!(
            "{LIST}?offset=0&limit=10&computer_name=no+such+desk"
        ))
        .await;
    assert_eq!(spaced.json()["total_num"], 0);
    server.stop().await;
}

#[tokio::test]
async fn count_only_returns_the_total_without_rows() {
    let server = Server::start(Config::default()).await;
    let answer = server
        .get(&format!("{LIST}?offset=0&limit=20&count_only=true"))
        .await;
    assert_eq!(answer.json(), serde_json::json!({"total_num": 523}));
    let not_bool = server
        .get(&format!("{LIST}?offset=0&limit=20&count_only=yes"))
        .await;
    assert_eq!((not_bool.status, not_bool.code()), (400, "WKS.0001".into()));
    server.stop().await;
}

#[tokio::test]
async fn invalid_parameters_are_400_wks_0001() {
    let server = Server::start(Config::default()).await;
    let long = "a".repeat(256);
    let many: String = (0..256).map(|i| format!("&computer_names=d{i}")).collect();
    for query in [
        "limit=20".to_string(),
        "offset=0".to_string(),
        "offset=-1&limit=20".to_string(),
        "offset=0&limit=8001".to_string(),
        "offset=abc&limit=20".to_string(),
        "offset=0&limit=20&mac=AA:BB:CC:DD:EE:FF".to_string(),
        "offset=0&limit=20&mac_list=AA-BB-CC-DD-EE-FF&mac_list=nope".to_string(),
        format!("offset=0&limit=20&computer_name={long}"),
        format!("offset=0&limit=20&computer_names={long}"),
        format!("offset=0&limit=20{many}"),
        "offset=0&limit=20&computer_name=%FF".to_string(),
    ] {
        let answer = server.get(&format!("{LIST}?{query}")).await;
        assert_eq!(answer.status, 400, "{query}");
        assert_eq!(answer.code(), "WKS.0001", "{query}");
        assert!(!answer.json()["error_msg"].as_str().unwrap().is_empty());
    }
    let limits = server
        .get(&format!(
            "{LIST}?offset=8000&limit=0&computer_name={}",
            "a".repeat(255)
        ))
        .await;
    assert_eq!(limits.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn prefix_root_projects_and_unknown_paths() {
    let config = Config {
        prefix: Some("/workspace-api".into()),
        project_id: Some("p1".into()),
        ..Config::default()
    };
    let server = Server::start(config).await;
    assert_eq!(
        server
            .get(&format!("/workspace-api{LIST}?offset=0&limit=1"))
            .await
            .status,
        200
    );
    assert_eq!(
        server.get(&format!("{LIST}?offset=0&limit=1")).await.status,
        200
    );
    let other = server
        .get("/v2/other/terminals/binding-desktops?offset=0&limit=1")
        .await;
    assert_eq!((other.status, other.code()), (403, "WKS.0403".into()));
    let unknown = server.get("/v2/p1/desktops/detail").await;
    assert_eq!((unknown.status, unknown.code()), (404, "WKS.0404".into()));
    let method = server.get(BIND).await;
    assert_eq!((method.status, method.code()), (405, "WKS.0405".into()));
    server.stop().await;
}

#[tokio::test]
async fn binding_state_machine() {
    let server = Server::start(Config::default()).await;
    let body =
        |eip: &str, desktop: &str| format!(r#"{{"eip_id":"{eip}","desktop_id":"{desktop}"}}"#);
    let ok = server.post_json(BIND, &body(EIP, DESKTOP)).await;
    assert_eq!((ok.status, ok.body.as_str()), (200, ""));
    let again = server.post_json(BIND, &body(EIP, DESKTOP)).await;
    assert_eq!((again.status, again.code()), (400, "WKS.0103".into()));
    let desktop_taken = server
        .post_json(BIND, &body("7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", DESKTOP))
        .await;
    assert_eq!(desktop_taken.code(), "WKS.0104");
    let preset = server
        .post_json(
            BIND,
            &body(
                "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
                "4b2f6a1e-7c3d-4e8a-9f10-2a3b4c5d6e7f",
            ),
        )
        .await;
    assert_eq!(preset.code(), "WKS.0103", "the last EIP starts bound");
    assert_eq!(
        server
            .post_json(BIND, &body(EIP, "no-such-desktop"))
            .await
            .code(),
        "WKS.0101"
    );
    assert_eq!(
        server
            .post_json(BIND, &body("no-such-eip", DESKTOP))
            .await
            .code(),
        "WKS.0102"
    );
    for bad in ["{not json".to_string(), "[]".to_string()] {
        let answer = server.post_json(BIND, &bad).await;
        assert_eq!(answer.status, 400, "{bad}");
    }
    assert_eq!(server.post_json(BIND, "{not json").await.code(), "WKS.0002");
    assert_eq!(
        server
            .post_json(BIND, r#"{"eip_id": 1, "desktop_id": "d"}"#)
            .await
            .code(),
        "WKS.0001"
    );
    assert_eq!(
        server
            .post_json(BIND, r#"{"desktop_id": "d"}"#)
            .await
            .code(),
        "WKS.0001"
    );
    assert_eq!(
        server.post_json(BIND, &body("", DESKTOP)).await.code(),
        "WKS.0001"
    );
    assert_eq!(
        server
            .post_json(BIND, &body(&"e".repeat(256), DESKTOP))
            .await
            .code(),
        "WKS.0001"
    );

    let text = server
        .send(
            "POST",
            BIND,
            &[("Content-Type", "text/plain")],
            body(EIP, DESKTOP).as_bytes(),
        )
        .await;
    assert_eq!((text.status, text.code()), (400, "WKS.0003".into()));
    let charset = server
        .send(
            "POST",
            BIND,
            &[("Content-Type", "application/json; charset=utf-8")],
            body(
                "b3c4d5e6-f7a8-49b0-8c1d-2e3f4a5b6c7d",
                "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
            )
            .as_bytes(),
        )
        .await;
    assert_eq!(charset.status, 200);
    let huge = format!(
        r#"{{"eip_id":"{}","desktop_id":"d"}}"#,
        "x".repeat(70 * 1024)
    );
    let too_big = server.post_json(BIND, &huge).await;
    assert_eq!((too_big.status, too_big.code()), (413, "WKS.0004".into()));
    server.stop().await;
}

/// A client that writes a whole oversized body before reading (as most do)
/// gets the 413, not a connection reset while it is still writing.
#[tokio::test]
async fn an_oversized_body_written_in_full_gets_the_413() {
    let server = Server::start(Config::default()).await;
    let body = format!(
        r#"{{"eip_id":"{}","desktop_id":"d"}}"#,
        "x".repeat(4 * 1024 * 1024)
    );
    let head = format!(
        "POST {BIND} HTTP/1.1\r\nHost: mock\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let exchange = async {
        let mut stream = TcpStream::connect(server.addr).await?;
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        let mut out = Vec::new();
        stream.read_to_end(&mut out).await?;
        Ok::<_, std::io::Error>(out)
    };
    let out = tokio::time::timeout(Duration::from_secs(30), exchange)
        .await
        .expect("the mock answered within 30 s")
        .expect("the whole body was written and the answer read");
    let answer = Answer::parse(&out);
    assert_eq!((answer.status, answer.code()), (413, "WKS.0004".into()));
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert!(
        answer.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains("65536 bytes"),
        "{answer:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn bindings_survive_a_restart_with_a_state_file() {
    let (dir, file, config) = with_state_file("test");
    let server = Server::start(config.clone()).await;
    let ok = server
        .post_json(
            BIND,
            &format!(r#"{{"eip_id":"{EIP}","desktop_id":"{DESKTOP}"}}"#),
        )
        .await;
    assert_eq!(ok.status, 200);
    server.stop().await;

    let restarted = Mock::new(config.clone()).unwrap();
    assert_eq!(
        restarted.eip_bindings().get(EIP).map(String::as_str),
        Some(DESKTOP)
    );
    let server = Server::start(config.clone()).await;
    let again = server
        .post_json(
            BIND,
            &format!(r#"{{"eip_id":"{EIP}","desktop_id":"{DESKTOP}"}}"#),
        )
        .await;
    assert_eq!(again.code(), "WKS.0103");
    server.stop().await;

    std::fs::write(&file, "{corrupt").unwrap();
    let problem = Mock::new(config)
        .err()
        .expect("a corrupt state file is refused");
    assert!(problem.contains("not valid"), "{problem}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn fault_header() {
    let server = Server::start(Config::default()).await;
    let list = format!("{LIST}?offset=0&limit=1");
    let with = |fault: &'static str| [("X-Mock-Fault", fault)];

    let wks = server.send("GET", &list, &with("status=503"), b"").await;
    assert_eq!((wks.status, wks.code()), (503, "WKS.0500".into()));
    let html = server
        .send("GET", &list, &with("status=502;html"), b"")
        .await;
    assert_eq!(html.status, 502);
    assert_eq!(html.header("content-type"), Some("text/html"));
    assert!(html.body.contains("<h1>502 Bad Gateway</h1>"));
    let dropped = server.send("GET", &list, &with("drop"), b"").await;
    assert_eq!(dropped.status, 0, "no answer at all");
    let garbage = server.send("GET", &list, &with("body=garbage"), b"").await;
    assert_eq!(garbage.status, 200);
    assert!(serde_json::from_str::<serde_json::Value>(&garbage.body).is_err());
    let schema = server.send("GET", &list, &with("body=schema"), b"").await;
    assert_eq!(schema.json()["bind_list"], "nope");
    let started = Instant::now();
    let slow = server.send("GET", &list, &with("delay=300"), b"").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(slow.status, 200);
    let bad = server.send("GET", &list, &with("explode"), b"").await;
    assert_eq!((bad.status, bad.code()), (400, "WKS.0900".into()));
    server.stop().await;
}

#[tokio::test]
async fn latency_and_error_rate() {
    let server = Server::start(Config {
        latency_ms: 200,
        error_rate: 1.0,
        ..Config::default()
    })
    .await;
    let started = Instant::now();
    let answer = server.get(&format!("{LIST}?offset=0&limit=1")).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!((answer.status, answer.code()), (500, "WKS.0500".into()));
    server.stop().await;

    let server = Server::start(Config {
        error_rate: 0.5,
        ..Config::default()
    })
    .await;
    let mut failures = 0;
    for _ in 0..40 {
        if server.get(&format!("{LIST}?offset=0&limit=1")).await.status == 500 {
            failures += 1;
        }
    }
    assert!((5..=35).contains(&failures), "{failures} of 40");
    server.stop().await;
}

#[tokio::test]
async fn token_is_required_when_configured() {
    let server = Server::start(Config {
        require_token: Some("s3cret".into()),
        ..Config::default()
    })
    .await;
    let list = format!("{LIST}?offset=0&limit=1");
    let without = server.get(&list).await;
    assert_eq!((without.status, without.code()), (401, "WKS.0401".into()));
    let wrong = server
        .send("GET", &list, &[("X-Auth-Token", "nope")], b"")
        .await;
    assert_eq!(wrong.status, 401);
    let right = server
        .send("GET", &list, &[("X-Auth-Token", "s3cret")], b"")
        .await;
    assert_eq!(right.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn cors_only_when_allowed() {
    let closed = Server::start(Config::default()).await;
    let answer = closed
        .send(
            "GET",
            &format!("{LIST}?offset=0&limit=1"),
            &[("Origin", "http://app.example")],
            b"",
        )
        .await;
    assert_eq!(answer.header("access-control-allow-origin"), None);
    closed.stop().await;

    let open = Server::start(Config {
        allow_origins: vec!["http://app.example".into()],
        ..Config::default()
    })
    .await;
    let preflight = open
        .send(
            "OPTIONS",
            BIND,
            &[
                ("Origin", "http://app.example"),
                ("Access-Control-Request-Method", "POST"),
            ],
            b"",
        )
        .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("http://app.example")
    );
    // Header names are case-insensitive (tower-http writes them lowercase).
    assert!(
        preflight
            .header("access-control-allow-headers")
            .unwrap()
            .to_ascii_lowercase()
            .contains("x-auth-token")
    );
    let other = open
        .send(
            "GET",
            &format!("{LIST}?offset=0&limit=1"),
            &[("Origin", "http://evil.example")],
            b"",
        )
        .await;
    assert_eq!(other.header("access-control-allow-origin"), None);
    open.stop().await;
}

#[tokio::test]
async fn bind_accepts_the_seeded_world_and_a_foreign_state_file_is_refused() {
    let mock = Mock::new(Config::default()).unwrap();
    let world = mock.world();
    let bindings = mock.eip_bindings();
    assert_eq!((world.desktops.len(), world.eips.len()), (45, 60));
    assert_eq!(bindings.len(), 25);
    assert_eq!(
        bindings
            .get("e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b")
            .map(String::as_str),
        Some("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d")
    );
    // A generated EIP and desktop, both unbound, bind; a generated bound
    // EIP refuses a second desktop.
    let free_eip = world
        .eips
        .iter()
        .find(|e| !bindings.contains_key(&e.id) && e.address != "119.3.0.10")
        .map(|e| e.id.clone())
        .unwrap();
    let free_desktop = world
        .desktops
        .iter()
        .find(|d| !bindings.values().any(|b| *b == d.desktop_id) && d.desktop_id != DESKTOP)
        .map(|d| d.desktop_id.clone())
        .unwrap();
    let (taken_eip, _) = bindings
        .iter()
        .find(|(e, _)| e.as_str() != "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b")
        .unwrap();
    let server = Server::start(Config::default()).await;
    let body =
        |eip: &str, desktop: &str| format!(r#"{{"eip_id":"{eip}","desktop_id":"{desktop}"}}"#);
    let ok = server
        .post_json(BIND, &body(&free_eip, &free_desktop))
        .await;
    assert_eq!(ok.status, 200);
    let taken = server.post_json(BIND, &body(taken_eip, DESKTOP)).await;
    assert_eq!(taken.code(), "WKS.0103");
    server.stop().await;

    let (dir, file, config) = with_state_file("foreign");
    for (state, problem) in [
        (
            r#"{"eip_bindings": {"no-such-eip": "d"}}"#.to_string(),
            "no-such-eip",
        ),
        (
            format!(r#"{{"eip_bindings": {{"{EIP}": "no-such-desktop"}}}}"#),
            "no-such-desktop",
        ),
        (
            format!(r#"{{"eip_bindings": {{"{EIP}": "{DESKTOP}", "{free_eip}": "{DESKTOP}"}}}}"#),
            "more than one EIP",
        ),
    ] {
        std::fs::write(&file, &state).unwrap();
        let refused = Mock::new(config.clone()).err().expect("refused");
        assert!(
            refused.contains("not valid") && refused.contains(problem),
            "{refused}"
        );
    }
    std::fs::write(
        &file,
        format!(r#"{{"eip_bindings": {{"{free_eip}": "{free_desktop}"}}}}"#),
    )
    .unwrap();
    assert_eq!(Mock::new(config).unwrap().eip_bindings().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- EIPs and desktops ----

fn rows(answer: &Answer, key: &str) -> Vec<serde_json::Value> {
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.json()[key].as_array().unwrap().clone()
}

fn field(rows: &[serde_json::Value], key: &str) -> Vec<String> {
    rows.iter()
        .map(|r| r[key].as_str().unwrap().to_string())
        .collect()
}

/// The EIP with that ID, as the unfiltered list shows it now.
async fn eip_row(server: &Server, id: &str) -> serde_json::Value {
    rows(&server.get(EIPS).await, "eips")
        .into_iter()
        .find(|e| e["id"] == id)
        .unwrap()
}

fn unbind_body(ids: &[&str]) -> String {
    serde_json::json!({ "desktop_ids": ids }).to_string()
}

#[tokio::test]
async fn eip_list_answers_every_eip_with_its_fields() {
    let server = Server::start(Config::default()).await;
    let answer = server.get(EIPS).await;
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.json()["total_count"], 60);
    let eips = rows(&answer, "eips");
    assert_eq!(eips.len(), 60, "no limit: every record");
    // An unbound EIP has no attached_* fields; a bound one has both.
    assert_eq!(
        eips[0],
        serde_json::json!({
            "id": EIP,
            "address": "119.3.0.10",
            "eip_charge_mode": "traffic",
            "bandwidth_size": 5,
            "create_time": "2023-01-05T08:00:00Z",
            "enterprise_project_id": "0",
        })
    );
    assert_eq!(
        eip_row(&server, BOUND_EIP).await,
        serde_json::json!({
            "id": BOUND_EIP,
            "address": "119.3.0.14",
            "eip_charge_mode": "traffic",
            "bandwidth_size": 5,
            "create_time": "2023-01-05T08:04:00Z",
            "attached_desktop_id": BOUND_DESKTOP,
            "attached_desktop_name": "dsk-lab-0005",
            "enterprise_project_id": "0",
        })
    );
    // Fields in the order of the API page.
    assert!(
        answer
            .body
            .starts_with(r#"{"total_count":60,"eips":[{"id":"#)
    );
    let order = |key: &str| answer.body.find(&format!("\"{key}\"")).unwrap();
    assert!(
        order("id") < order("address") && order("create_time") < order("enterprise_project_id")
    );

    let address_key = |e: &serde_json::Value| -> Vec<u32> {
        e["address"]
            .as_str()
            .unwrap()
            .split('.')
            .map(|p| p.parse().unwrap())
            .collect()
    };
    assert!(
        eips.windows(2)
            .all(|w| address_key(&w[0]) < address_key(&w[1]))
    );
    let mut bound = 0;
    for e in &eips {
        assert!(e["address"].as_str().unwrap().starts_with("119.3."));
        assert!(["traffic", "bandwidth"].contains(&e["eip_charge_mode"].as_str().unwrap()));
        assert!((1..=2000).contains(&e["bandwidth_size"].as_u64().unwrap()));
        let time = e["create_time"].as_str().unwrap();
        assert!(
            time.len() == 20 && &time[4..5] == "-" && &time[10..11] == "T" && time.ends_with('Z'),
            "{time}"
        );
        assert!(e["enterprise_project_id"].is_string());
        let keys = e.as_object().unwrap().len();
        if e.get("attached_desktop_id").is_some() {
            assert!(
                e["attached_desktop_name"]
                    .as_str()
                    .unwrap()
                    .starts_with("dsk-")
            );
            assert_eq!(keys, 8);
            bound += 1;
        } else {
            assert_eq!(keys, 6, "{e}");
        }
    }
    assert!(
        (10..=50).contains(&bound),
        "a mix of bound and unbound: {bound}"
    );
    let again = server.get(EIPS).await;
    assert_eq!(answer.body, again.body, "stable");
    server.stop().await;
}

#[tokio::test]
async fn eip_list_filters() {
    let server = Server::start(Config::default()).await;
    let all = rows(&server.get(EIPS).await, "eips");
    let get = |query: String| {
        let server = &server;
        async move {
            let answer = server.get(&format!("{EIPS}?{query}")).await;
            let total = answer.json()["total_count"].as_u64().unwrap() as usize;
            let found = rows(&answer, "eips");
            assert_eq!(total, found.len(), "{query}");
            found
        }
    };

    let bound = get("state=bind".into()).await;
    let unbound = get("state=unbind".into()).await;
    assert_eq!(bound.len() + unbound.len(), 60);
    assert!(bound.iter().all(|e| e["attached_desktop_id"].is_string()));
    assert!(
        unbound
            .iter()
            .all(|e| e.get("attached_desktop_id").is_none())
    );
    assert!(field(&unbound, "id").contains(&EIP.to_string()));
    assert!(!field(&unbound, "id").contains(&BOUND_EIP.to_string()));
    assert_eq!(get("state=".into()).await.len(), 60, "empty is no filter");

    // address: substring.
    let known = get("address=119.3.0.1".into()).await;
    assert_eq!(
        field(&known, "address"),
        [
            "119.3.0.10",
            "119.3.0.11",
            "119.3.0.12",
            "119.3.0.13",
            "119.3.0.14"
        ]
    );
    let some = get("address=.1".into()).await;
    let expected = all
        .iter()
        .filter(|e| e["address"].as_str().unwrap().contains(".1"))
        .count();
    assert_eq!(some.len(), expected);
    assert!(expected > 5 && expected < 60);

    // desktop_name: case-insensitive substring; desktop_id: exact.
    let lab = get("desktop_name=LAB-0005".into()).await;
    assert_eq!(field(&lab, "id"), [BOUND_EIP]);
    let fin = get("desktop_name=Fin".into()).await;
    assert!(
        fin.iter()
            .all(|e| e["attached_desktop_name"].as_str().unwrap().contains("fin"))
    );
    let expected = all
        .iter()
        .filter(|e| {
            e["attached_desktop_name"]
                .as_str()
                .is_some_and(|n| n.contains("fin"))
        })
        .count();
    assert_eq!(fin.len(), expected);
    assert_eq!(
        field(&get(format!("desktop_id={BOUND_DESKTOP}")).await, "id"),
        [BOUND_EIP]
    );
    assert!(
        get(format!("desktop_id={}", &BOUND_DESKTOP[..8]))
            .await
            .is_empty()
    );
    assert!(
        get(format!("desktop_id={DESKTOP}")).await.is_empty(),
        "no EIP yet"
    );

    // user_name: of the attached desktop, case-insensitive substring.
    let sara = get("user_name=SARA_GARCIA".into()).await;
    assert!(field(&sara, "id").contains(&BOUND_EIP.to_string()));
    assert!(sara.iter().all(|e| e["attached_desktop_id"].is_string()));

    // enterprise_project_id: exact.
    let default_project = get("enterprise_project_id=0".into()).await;
    assert!(
        default_project
            .iter()
            .all(|e| e["enterprise_project_id"] == "0")
    );
    assert!(!default_project.is_empty() && default_project.len() < 60);

    // AND.
    assert!(get("state=unbind&desktop_name=dsk".into()).await.is_empty());
    assert_eq!(
        field(&get("state=bind&address=119.3.0.1".into()).await, "id"),
        [BOUND_EIP]
    );
    server.stop().await;
}

#[tokio::test]
async fn eip_list_pages() {
    let server = Server::start(Config::default()).await;
    let all = field(&rows(&server.get(EIPS).await, "eips"), "id");
    let mut paged = Vec::new();
    for offset in (0..60).step_by(20) {
        let answer = server
            .get(&format!("{EIPS}?offset={offset}&limit=20"))
            .await;
        assert_eq!(answer.json()["total_count"], 60);
        paged.extend(field(&rows(&answer, "eips"), "id"));
    }
    assert_eq!(paged, all);
    let tail = rows(&server.get(&format!("{EIPS}?offset=50")).await, "eips");
    assert_eq!(
        field(&tail, "id"),
        all[50..],
        "offset without limit: the rest"
    );
    let head = rows(&server.get(&format!("{EIPS}?limit=7")).await, "eips");
    assert_eq!(field(&head, "id"), all[..7]);
    let past = server.get(&format!("{EIPS}?offset=60&limit=10")).await;
    assert_eq!(
        past.json(),
        serde_json::json!({"total_count": 60, "eips": []})
    );
    let unbound = server
        .get(&format!("{EIPS}?state=unbind&offset=0&limit=10"))
        .await;
    assert_eq!(rows(&unbound, "eips").len(), 10);
    assert_eq!(unbound.json()["total_count"], 35);
    for edge in ["limit=1", "limit=1000", "offset=2147483647", "offset=0"] {
        assert_eq!(
            server.get(&format!("{EIPS}?{edge}")).await.status,
            200,
            "{edge}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn eip_list_refuses_bad_parameters() {
    let server = Server::start(Config::default()).await;
    let long = "a".repeat(256);
    for query in [
        "state=bound".to_string(),
        "state=BIND".to_string(),
        "offset=-1".to_string(),
        "offset=abc".to_string(),
        "offset=".to_string(),
        "offset=2147483648".to_string(),
        "limit=0".to_string(),
        "limit=1001".to_string(),
        "limit=1.5".to_string(),
        "limit=".to_string(),
        format!("address={long}"),
        format!("desktop_name={long}"),
        format!("desktop_id={long}"),
        format!("user_name={long}"),
        format!("enterprise_project_id={long}"),
        "desktop_name=%FF".to_string(),
    ] {
        let answer = server.get(&format!("{EIPS}?{query}")).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "WKS.0001".into()),
            "{query}"
        );
        assert!(!answer.json()["error_msg"].as_str().unwrap().is_empty());
    }
    let state = server.get(&format!("{EIPS}?state=bound")).await;
    assert!(
        state.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains("bind or unbind")
    );
    let limit = server.get(&format!("{EIPS}?limit=0")).await;
    assert!(
        limit.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains("1 to 1000")
    );
    let max = server
        .get(&format!("{EIPS}?address={}", "a".repeat(255)))
        .await;
    assert_eq!(
        max.json(),
        serde_json::json!({"total_count": 0, "eips": []})
    );
    server.stop().await;
}

#[tokio::test]
async fn bind_and_unbind_show_in_the_eip_list() {
    let server = Server::start(Config::default()).await;
    let bind = format!(r#"{{"eip_id":"{EIP}","desktop_id":"{DESKTOP}"}}"#);
    assert_eq!(server.post_json(BIND, &bind).await.status, 200);
    let row = eip_row(&server, EIP).await;
    assert_eq!(row["attached_desktop_id"], DESKTOP);
    assert_eq!(row["attached_desktop_name"], "dsk-fin-0001");
    let bound = rows(&server.get(&format!("{EIPS}?state=bind")).await, "eips");
    assert_eq!(bound.len(), 26);
    assert!(field(&bound, "id").contains(&EIP.to_string()));
    let by_desktop = rows(
        &server.get(&format!("{EIPS}?desktop_id={DESKTOP}")).await,
        "eips",
    );
    assert_eq!(field(&by_desktop, "id"), [EIP]);

    // Unbind both: the answer is an empty 200 and both rows lose their desktop.
    let ok = server
        .post_json(UNBIND, &unbind_body(&[DESKTOP, BOUND_DESKTOP]))
        .await;
    assert_eq!((ok.status, ok.body.as_str()), (200, ""));
    for id in [EIP, BOUND_EIP] {
        let row = eip_row(&server, id).await;
        assert!(row.get("attached_desktop_id").is_none(), "{row}");
        assert!(row.get("attached_desktop_name").is_none(), "{row}");
    }
    let unbound = server.get(&format!("{EIPS}?state=unbind")).await;
    assert_eq!(unbound.json()["total_count"], 36);

    // Unbound for the bind rules too: the EIP and the desktop are free again.
    let rebind = server
        .post_json(
            BIND,
            &format!(r#"{{"eip_id":"{BOUND_EIP}","desktop_id":"{DESKTOP}"}}"#),
        )
        .await;
    assert_eq!(rebind.status, 200);
    assert_eq!(
        eip_row(&server, BOUND_EIP).await["attached_desktop_name"],
        "dsk-fin-0001"
    );
    let again = server
        .post_json(UNBIND, &unbind_body(&[BOUND_DESKTOP]))
        .await;
    assert_eq!((again.status, again.code()), (400, "WKS.0105".into()));
    server.stop().await;
}

#[tokio::test]
async fn unbind_refuses_bad_requests_and_changes_nothing() {
    let server = Server::start(Config::default()).await;
    let before = server.get(EIPS).await.body;
    let too_many: Vec<String> = (0..101).map(|i| format!("d-{i}")).collect();
    for (body, code) in [
        (r#"{"desktop_ids": []}"#.to_string(), "WKS.0001"),
        (
            serde_json::json!({ "desktop_ids": too_many }).to_string(),
            "WKS.0001",
        ),
        ("{}".to_string(), "WKS.0001"),
        (r#"{"desktop_ids": null}"#.to_string(), "WKS.0001"),
        (
            format!(r#"{{"desktop_ids": "{BOUND_DESKTOP}"}}"#),
            "WKS.0001",
        ),
        (r#"{"desktop_ids": [1]}"#.to_string(), "WKS.0001"),
        (r#"{"desktop_ids": [""]}"#.to_string(), "WKS.0001"),
        (unbind_body(&[&"d".repeat(256)]), "WKS.0001"),
        ("[]".to_string(), "WKS.0001"),
        ("{not json".to_string(), "WKS.0002"),
    ] {
        let answer = server.post_json(UNBIND, &body).await;
        assert_eq!((answer.status, answer.code()), (400, code.into()), "{body}");
    }
    let empty = server.post_json(UNBIND, r#"{"desktop_ids": []}"#).await;
    assert!(
        empty.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains("1 to 100")
    );
    let text = server
        .send(
            "POST",
            UNBIND,
            &[("Content-Type", "text/plain")],
            unbind_body(&[BOUND_DESKTOP]).as_bytes(),
        )
        .await;
    assert_eq!((text.status, text.code()), (400, "WKS.0003".into()));
    let none = server
        .send(
            "POST",
            UNBIND,
            &[],
            unbind_body(&[BOUND_DESKTOP]).as_bytes(),
        )
        .await;
    assert_eq!((none.status, none.code()), (400, "WKS.0003".into()));

    // Unknown desktop, or one without an EIP: named, and all or nothing.
    let unknown = server
        .post_json(UNBIND, &unbind_body(&[BOUND_DESKTOP, "no-such-desktop"]))
        .await;
    assert_eq!((unknown.status, unknown.code()), (400, "WKS.0101".into()));
    assert!(
        unknown.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains("no-such-desktop")
    );
    let no_eip = server
        .post_json(UNBIND, &unbind_body(&[BOUND_DESKTOP, DESKTOP]))
        .await;
    assert_eq!((no_eip.status, no_eip.code()), (400, "WKS.0105".into()));
    assert!(
        no_eip.json()["error_msg"]
            .as_str()
            .unwrap()
            .contains(DESKTOP)
    );
    // 100 entries pass the size check and are then looked up.
    let hundred: Vec<String> = (0..100).map(|i| format!("d-{i}")).collect();
    let answer = server
        .post_json(
            UNBIND,
            &serde_json::json!({ "desktop_ids": hundred }).to_string(),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (400, "WKS.0101".into()));
    assert_eq!(server.get(EIPS).await.body, before, "nothing changed");
    assert_eq!(
        eip_row(&server, BOUND_EIP).await["attached_desktop_id"],
        BOUND_DESKTOP
    );

    let method = server.get(UNBIND).await;
    assert_eq!((method.status, method.code()), (405, "WKS.0405".into()));
    // A desktop listed twice is unbound once.
    let twice = server
        .post_json(UNBIND, &unbind_body(&[BOUND_DESKTOP, BOUND_DESKTOP]))
        .await;
    assert_eq!(twice.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn desktop_list_answers_every_desktop_with_its_fields() {
    let server = Server::start(Config::default()).await;
    let answer = server.get(DESKTOPS).await;
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.json()["total_count"], 45);
    assert!(
        answer
            .body
            .starts_with(r#"{"total_count":45,"desktops":[{"desktop_id":"#)
    );
    let desktops = rows(&answer, "desktops");
    assert_eq!(desktops.len(), 45, "default limit 1000");
    let fin = desktops
        .iter()
        .find(|d| d["desktop_id"] == DESKTOP)
        .unwrap();
    assert_eq!(
        *fin,
        serde_json::json!({
            "desktop_id": DESKTOP,
            "computer_name": "dsk-fin-0001",
            "ip_address": "192.168.10.11",
            "status": "ACTIVE",
            "user_name": "wei_zhang",
            "availability_zone": "cn-north-4a",
            "created": "2023-02-14T09:30:00Z",
        })
    );
    let names = field(&desktops, "computer_name");
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted by name");
    for (id, name) in [
        ("4b2f6a1e-7c3d-4e8a-9f10-2a3b4c5d6e7f", "dsk-hr-0002"),
        ("c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "dsk-ops-0003"),
        ("0f1e2d3c-4b5a-4697-8877-665544332211", "dsk-dev-0004"),
        (BOUND_DESKTOP, "dsk-lab-0005"),
    ] {
        assert!(
            desktops
                .iter()
                .any(|d| d["desktop_id"] == id && d["computer_name"] == name)
        );
    }
    for d in &desktops {
        assert_eq!(d.as_object().unwrap().len(), 7, "{d}");
        assert!(d["computer_name"].as_str().unwrap().starts_with("dsk-"));
        assert!(d["ip_address"].as_str().unwrap().starts_with("192.168."));
        assert!(["ACTIVE", "SHUTOFF", "ERROR"].contains(&d["status"].as_str().unwrap()));
        assert!(d["created"].as_str().unwrap().ends_with('Z'));
    }
    let statuses = field(&desktops, "status");
    assert!(statuses.contains(&"ACTIVE".into()) && statuses.contains(&"SHUTOFF".into()));
    server.stop().await;
}

#[tokio::test]
async fn desktop_list_filters_and_pages() {
    let server = Server::start(Config::default()).await;
    let all = rows(&server.get(DESKTOPS).await, "desktops");
    let get = |query: String| {
        let server = &server;
        async move {
            let answer = server.get(&format!("{DESKTOPS}?{query}")).await;
            let total = answer.json()["total_count"].as_u64().unwrap() as usize;
            (total, rows(&answer, "desktops"))
        }
    };

    // computer_name: case-insensitive substring.
    let (total, fin) = get("computer_name=FIN".into()).await;
    let expected = all
        .iter()
        .filter(|d| d["computer_name"].as_str().unwrap().contains("fin"))
        .count();
    assert!(expected > 1);
    assert_eq!((total, fin.len()), (expected, expected));
    assert_eq!(
        field(&get("computer_name=Lab-0005".into()).await.1, "desktop_id"),
        [BOUND_DESKTOP]
    );
    // The picker's request: the first 10 of the matches.
    let (total, page) = get("computer_name=dsk&offset=0&limit=10".into()).await;
    assert_eq!((total, page.len()), (45, 10));

    // desktop_id: repeated keys, exact.
    let (total, two) = get(format!("desktop_id={DESKTOP}&desktop_id={BOUND_DESKTOP}")).await;
    assert_eq!(total, 2);
    assert_eq!(
        field(&two, "computer_name"),
        ["dsk-fin-0001", "dsk-lab-0005"]
    );
    assert_eq!(get(format!("desktop_id={}", &DESKTOP[..8])).await.0, 0);

    // user_name: repeated keys, case-insensitive substring of any.
    let (_, users) = get("user_name=WEI_ZHANG&user_name=sara_garcia".into()).await;
    let found = field(&users, "user_name");
    assert!(found.contains(&"wei_zhang".into()) && found.contains(&"sara_garcia".into()));
    assert!(found.iter().all(|u| u == "wei_zhang" || u == "sara_garcia"));

    // desktop_ip and status: exact.
    let (_, ip) = get("desktop_ip=192.168.10.11".into()).await;
    assert_eq!(field(&ip, "desktop_id"), [DESKTOP]);
    assert_eq!(get("desktop_ip=192.168.10.1".into()).await.0, 0);
    let (total, off) = get("status=SHUTOFF".into()).await;
    assert!(total > 0 && off.iter().all(|d| d["status"] == "SHUTOFF"));
    assert_eq!(get("status=shutoff".into()).await.0, 0);

    // Paging: limit 0 counts only; offset past the end is empty.
    let ids = field(&all, "desktop_id");
    let mut paged = Vec::new();
    for offset in (0..45).step_by(10) {
        paged.extend(field(
            &get(format!("offset={offset}&limit=10")).await.1,
            "desktop_id",
        ));
    }
    assert_eq!(paged, ids);
    assert_eq!(get("limit=0".into()).await, (45, vec![]));
    assert_eq!(get("offset=45".into()).await, (45, vec![]));
    assert_eq!(
        field(&get("offset=40".into()).await.1, "desktop_id"),
        ids[40..]
    );
    server.stop().await;
}

#[tokio::test]
async fn desktop_list_refuses_bad_parameters() {
    let server = Server::start(Config::default()).await;
    let long = "a".repeat(256);
    let ids = |n: usize| -> String { (0..n).map(|i| format!("&desktop_id=d{i}")).collect() };
    let users: String = (0..101).map(|i| format!("&user_name=u{i}")).collect();
    for query in [
        "limit=1001".to_string(),
        "limit=-1".to_string(),
        "limit=ten".to_string(),
        "offset=-1".to_string(),
        "offset=x".to_string(),
        format!("offset=0{}", ids(101)),
        format!("offset=0{users}"),
        format!("computer_name={long}"),
        format!("desktop_ip={long}"),
        format!("status={long}"),
        format!("desktop_id={long}"),
        format!("user_name={long}"),
    ] {
        let answer = server.get(&format!("{DESKTOPS}?{query}")).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "WKS.0001".into()),
            "{query}"
        );
    }
    let hundred = server
        .get(&format!("{DESKTOPS}?limit=1000{}", ids(100)))
        .await;
    assert_eq!(hundred.status, 200);
    let method = server.post_json(DESKTOPS, "{}").await;
    assert_eq!((method.status, method.code()), (405, "WKS.0405".into()));
    let method = server.post_json(EIPS, "{}").await;
    assert_eq!((method.status, method.code()), (405, "WKS.0405".into()));
    server.stop().await;
}

#[tokio::test]
async fn eips_and_desktops_under_the_prefix_and_the_project() {
    let config = Config {
        prefix: Some("/workspace-api".into()),
        project_id: Some("p1".into()),
        ..Config::default()
    };
    let server = Server::start(config).await;
    let prefixed = server
        .get(&format!("/workspace-api{EIPS}?state=unbind"))
        .await;
    assert_eq!(prefixed.json()["total_count"], 35);
    let desktops = server
        .get(&format!(
            "/workspace-api{DESKTOPS}?computer_name=fin-0001&offset=0&limit=10"
        ))
        .await;
    assert_eq!(desktops.json()["total_count"], 1);
    let unbind = server
        .post_json(
            &format!("/workspace-api{UNBIND}"),
            &unbind_body(&[BOUND_DESKTOP]),
        )
        .await;
    assert_eq!((unbind.status, unbind.body.as_str()), (200, ""));
    let root = server.get(&format!("{EIPS}?state=unbind")).await;
    assert_eq!(
        root.json()["total_count"],
        36,
        "one state behind both paths"
    );
    for path in ["/v2/other/eips", "/v2/other/desktops"] {
        let other = server.get(path).await;
        assert_eq!(
            (other.status, other.code()),
            (403, "WKS.0403".into()),
            "{path}"
        );
    }
    let other = server
        .post_json("/v2/other/eips/unbinding", &unbind_body(&[DESKTOP]))
        .await;
    assert_eq!((other.status, other.code()), (403, "WKS.0403".into()));
    assert_eq!(
        server.get("/v2/p1/eips/").await.status,
        200,
        "trailing slash"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_middleware_covers_the_new_operations() {
    let server = Server::start(Config {
        require_token: Some("s3cret".into()),
        ..Config::default()
    })
    .await;
    for (method, path) in [("GET", EIPS), ("GET", DESKTOPS), ("POST", UNBIND)] {
        let without = server.send(method, path, &[], b"").await;
        assert_eq!(
            (without.status, without.code()),
            (401, "WKS.0401".into()),
            "{path}"
        );
        let fault = server
            .send(method, path, &[("X-Mock-Fault", "status=503")], b"")
            .await;
        assert_eq!(fault.status, 503, "{path}");
    }
    let right = server
        .send("GET", DESKTOPS, &[("X-Auth-Token", "s3cret")], b"")
        .await;
    assert_eq!(right.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn unbinding_survives_a_restart() {
    let (dir, _, config) = with_state_file("unbind");
    let server = Server::start(config.clone()).await;
    let ok = server
        .post_json(UNBIND, &unbind_body(&[BOUND_DESKTOP]))
        .await;
    assert_eq!(ok.status, 200);
    server.stop().await;
    let restarted = Mock::new(config.clone()).unwrap();
    let bindings = restarted.eip_bindings();
    assert_eq!(bindings.len(), 24);
    assert!(!bindings.contains_key(BOUND_EIP));
    let server = Server::start(config.clone()).await;
    assert_eq!(
        server.get(&format!("{EIPS}?state=bind")).await.json()["total_count"],
        24
    );
    server.stop().await;

    let _ = std::fs::remove_dir_all(&dir);
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any query string gets a 200 or a 400 WKS error, quickly, from
        /// every list.
        #[test]
        fn any_query_is_answered(query in "[a-z_=&%0-9A-F+:-]{0,120}") {
            let rt = runtime();
            rt.block_on(async {
                let server = Server::start(Config::default()).await;
                for list in [LIST, EIPS, DESKTOPS] {
                    let answer = server.get(&format!("{list}?{query}")).await;
                    assert!(answer.status == 200 || (answer.status == 400 && answer.code() == "WKS.0001"), "{list}?{query}: {answer:?}");
                }
                server.stop().await;
            });
        }

        /// Any body gets an answer with a 2xx or 4xx status, from every write.
        #[test]
        fn any_body_is_answered(body in proptest::collection::vec(any::<u8>(), 0..400)) {
            let rt = runtime();
            rt.block_on(async {
                let server = Server::start(Config::default()).await;
                for write in [BIND, UNBIND] {
                    let answer = server.send("POST", write, &[("Content-Type", "application/json")], &body).await;
                    assert!((200..500).contains(&answer.status), "{write}: {answer:?}");
                }
                server.stop().await;
            });
        }

        /// Raw garbage on the socket never takes the server down.
        #[test]
        fn garbage_requests_do_not_break_the_server(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let rt = runtime();
            rt.block_on(async {
                let server = Server::start(Config::default()).await;
                let _ = server.raw_then(&bytes, true).await;
                let after = server.get(&format!("{LIST}?offset=0&limit=1")).await;
                assert_eq!(after.status, 200);
                server.stop().await;
            });
        }
    }
}
