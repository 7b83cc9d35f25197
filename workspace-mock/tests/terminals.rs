//! Managing terminal bindings over real HTTP: create, update, batch delete
//! and the binding policy, with the rules in README.md.

mod common;

use common::{Answer, Server, with_state_file};
use serde_json::{Value, json};
use workspace_mock::{Config, Mock};

const LIST: &str = "/v2/p1/terminals/binding-desktops";
const DELETE: &str = "/v2/p1/terminals/binding-desktops/batch-delete";
const POLICY: &str = "/v2/p1/terminals/binding-desktops/config";

async fn send_json(server: &Server, method: &str, target: &str, body: &Value) -> Answer {
    server
        .send(
            method,
            target,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
        .await
}

/// Every binding, in list order.
async fn all(server: &Server) -> Vec<Value> {
    let answer = server.get(&format!("{LIST}?offset=0&limit=8000")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()["bind_list"].as_array().unwrap().clone()
}

async fn find_mac(server: &Server, mac: &str) -> Vec<Value> {
    let answer = server
        .get(&format!("{LIST}?mac={mac}&offset=0&limit=10"))
        .await;
    answer.json()["bind_list"].as_array().unwrap().clone()
}

fn line(n: u64, mac: &str, name: &str, description: &str) -> Value {
    json!({"line": n, "mac": mac, "desktop_name": name, "description": description})
}

#[tokio::test]
async fn create_adds_every_line_and_the_list_shows_them() {
    let server = Server::start(Config::default()).await;
    let before = all(&server).await.len();
    let body = json!({"bind_list": [
        line(2, "0A-0B-0C-0D-0E-01", "dsk-new-0001", "floor 9"),
        line(3, "0a-0b-0c-0d-0e-02", "dsk-new-0002", ""),
    ]});
    let answer = send_json(&server, "POST", LIST, &body).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, "");
    let rows = all(&server).await;
    assert_eq!(rows.len(), before + 2);
    let created = find_mac(&server, "0A-0B-0C-0D-0E-01").await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["desktop_name"], "dsk-new-0001");
    assert_eq!(created[0]["description"], "floor 9");
    assert_eq!(created[0]["id"].as_str().unwrap().len(), 32);
    // Still sorted by desktop name, then MAC.
    let keys: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["desktop_name"].as_str().unwrap().to_owned(),
                r["mac"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    server.stop().await;
}

#[tokio::test]
async fn a_refused_create_names_each_bad_line_and_creates_nothing() {
    let server = Server::start(Config::default()).await;
    let taken = all(&server).await[10]["mac"].as_str().unwrap().to_owned();
    let before = all(&server).await.len();
    let body = json!({"bind_list": [
        line(1, "0A-0B-0C-0D-0E-10", "dsk-ok", ""),
        line(2, "0A:0B:0C:0D:0E:11", "dsk-colons", ""),
        line(3, "0A-0B-0C-0D-0E-12", "", ""),
        line(4, "0A-0B-0C-0D-0E-13", &"n".repeat(101), ""),
        line(5, "0A-0B-0C-0D-0E-14", "dsk-long-description", &"d".repeat(256)),
        line(6, &taken, "dsk-taken", ""),
        line(7, "0a-0b-0c-0d-0e-10", "dsk-repeat", ""),
        line(8, "0A-0B-0C-0D-0E-15", &"名".repeat(100), &"描".repeat(255)),
    ]});
    let answer = send_json(&server, "POST", LIST, &body).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(answer.code(), "WKS.0200");
    let refused: Vec<(u64, String)> = answer.json()["bind_result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(
                r["validation_result_msg"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
            );
            (
                r["line"].as_u64().unwrap(),
                r["validation_result_code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(u64, String)> = [
        (2, "WKS.0201"),
        (3, "WKS.0202"),
        (4, "WKS.0202"),
        (5, "WKS.0203"),
        (6, "WKS.0204"),
        (7, "WKS.0205"),
    ]
    .into_iter()
    .map(|(n, c)| (n, c.to_owned()))
    .collect();
    assert_eq!(refused, expected);
    // The line's own fields come back with it.
    assert_eq!(
        answer.json()["bind_result_list"][0]["mac"],
        "0A:0B:0C:0D:0E:11"
    );
    assert_eq!(all(&server).await.len(), before, "nothing was created");
    server.stop().await;
}

#[tokio::test]
async fn create_refuses_malformed_bodies() {
    let server = Server::start(Config::default()).await;
    for (body, code) in [
        (json!({}), "WKS.0001"),
        (json!({"bind_list": "x"}), "WKS.0001"),
        (json!({"bind_list": ["x"]}), "WKS.0001"),
        (
            json!({"bind_list": [{"line": "one", "mac": "0A-0B-0C-0D-0E-0F", "desktop_name": "d"}]}),
            "WKS.0001",
        ),
    ] {
        let answer = send_json(&server, "POST", LIST, &body).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, code.to_owned()),
            "{body}"
        );
    }
    // A non-string field is that line's problem.
    let answer = send_json(
        &server,
        "POST",
        LIST,
        &json!({"bind_list": [{"line": 1, "mac": 7, "desktop_name": "d"}]}),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json()["bind_result_list"][0]["validation_result_code"],
        "WKS.0001"
    );
    // An empty list creates nothing and is fine.
    let answer = send_json(&server, "POST", LIST, &json!({"bind_list": []})).await;
    assert_eq!(answer.status, 200);
    // Not JSON.
    let answer = server
        .send("POST", LIST, &[("Content-Type", "text/plain")], b"mac")
        .await;
    assert_eq!(answer.code(), "WKS.0003");
    server.stop().await;
}

#[tokio::test]
async fn create_takes_8000_lines_and_refuses_8001() {
    let server = Server::start(Config {
        bindings: 10,
        ..Config::default()
    })
    .await;
    let lines = |count: u64| -> Value {
        let list: Vec<Value> = (0..count)
            .map(|n| {
                let mac = format!(
                    "F0-00-00-{:02X}-{:02X}-{:02X}",
                    (n >> 16) & 0xFF,
                    (n >> 8) & 0xFF,
                    n & 0xFF
                );
                // The longest fields the API takes.
                line(n + 1, &mac, &"n".repeat(100), &"d".repeat(255))
            })
            .collect();
        json!({ "bind_list": list })
    };
    let over = send_json(&server, "POST", LIST, &lines(8001)).await;
    assert_eq!((over.status, over.code()), (400, "WKS.0001".to_owned()));
    let most = send_json(&server, "POST", LIST, &lines(8000)).await;
    assert_eq!(
        most.status,
        200,
        "{}",
        &most.body[..most.body.len().min(300)]
    );
    let count = server
        .get(&format!("{LIST}?offset=0&limit=1&count_only=true"))
        .await;
    assert_eq!(count.json()["total_num"], 8010);
    server.stop().await;
}

#[tokio::test]
async fn update_changes_one_binding() {
    let server = Server::start(Config::default()).await;
    let rows = all(&server).await;
    let (target, other) = (&rows[20], &rows[21]);
    let id = target["id"].as_str().unwrap();
    let body = json!({"id": id, "mac": "0a-0b-0c-0d-0e-30", "desktop_name": "dsk-moved", "description": "new desk"});
    let answer = send_json(&server, "PUT", LIST, &body).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, "");
    let moved = find_mac(&server, "0A-0B-0C-0D-0E-30").await;
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0]["id"], id);
    assert_eq!(moved[0]["desktop_name"], "dsk-moved");
    assert_eq!(moved[0]["description"], "new desk");
    assert_eq!(all(&server).await.len(), rows.len());

    // Another binding's MAC, an unknown ID, bad fields: refused, unchanged.
    let taken = json!({"id": id, "mac": other["mac"], "desktop_name": "x"});
    let answer = send_json(&server, "PUT", LIST, &taken).await;
    assert_eq!((answer.status, answer.code()), (400, "WKS.0204".to_owned()));
    let unknown = json!({"id": "no-such-id", "mac": "0A-0B-0C-0D-0E-31", "desktop_name": "x"});
    let answer = send_json(&server, "PUT", LIST, &unknown).await;
    assert_eq!((answer.status, answer.code()), (400, "WKS.0206".to_owned()));
    for (body, code) in [
        (
            json!({"mac": "0A-0B-0C-0D-0E-31", "desktop_name": "x"}),
            "WKS.0001",
        ),
        (
            json!({"id": id, "mac": "0A:0B:0C:0D:0E:31", "desktop_name": "x"}),
            "WKS.0201",
        ),
        (json!({"id": id, "mac": "0A-0B-0C-0D-0E-31"}), "WKS.0202"),
        (
            json!({"id": id, "mac": "0A-0B-0C-0D-0E-31", "desktop_name": "x", "description": "d".repeat(256)}),
            "WKS.0203",
        ),
    ] {
        let answer = send_json(&server, "PUT", LIST, &body).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, code.to_owned()),
            "{body}"
        );
    }
    assert_eq!(find_mac(&server, "0A-0B-0C-0D-0E-30").await.len(), 1);
    // Its own MAC again, in another case: fine.
    let same = json!({"id": id, "mac": "0A-0B-0C-0D-0E-30", "desktop_name": "dsk-moved"});
    assert_eq!(send_json(&server, "PUT", LIST, &same).await.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn batch_delete_answers_a_result_per_id() {
    let server = Server::start(Config::default()).await;
    let rows = all(&server).await;
    let (a, b) = (
        rows[3]["id"].as_str().unwrap().to_owned(),
        rows[4]["id"].as_str().unwrap().to_owned(),
    );
    let body = json!({"id_list": [a, "no-such-id", b, a]});
    let answer = send_json(&server, "POST", DELETE, &body).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let results: Vec<(String, String)> = answer.json()["result_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["delete_result_code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            (a.clone(), "WKS.0000".to_owned()),
            ("no-such-id".to_owned(), "WKS.0206".to_owned()),
            (b.clone(), "WKS.0000".to_owned()),
            (a.clone(), "WKS.0206".to_owned()),
        ]
    );
    let left = all(&server).await;
    assert_eq!(left.len(), rows.len() - 2);
    assert!(
        !left
            .iter()
            .any(|r| r["id"] == a.as_str() || r["id"] == b.as_str())
    );

    for body in [
        json!({}),
        json!({"id_list": []}),
        json!({"id_list": [1]}),
        json!({"id_list": [""]}),
        json!({"id_list": vec!["x"; 8001]}),
    ] {
        let answer = send_json(&server, "POST", DELETE, &body).await;
        assert_eq!((answer.status, answer.code()), (400, "WKS.0001".to_owned()));
    }
    let wrong = server.get(DELETE).await;
    assert_eq!(wrong.status, 405);
    server.stop().await;
}

#[tokio::test]
async fn binding_policy_reads_and_changes() {
    let server = Server::start(Config::default()).await;
    let answer = server.get(POLICY).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json(),
        json!({"tc_bind_switch": "ON", "tc_auto_bind_switch": "OFF", "tc_auto_bind_max": 1})
    );
    let change =
        json!({"tc_bind_switch": "OFF", "tc_auto_bind_switch": "ON", "tc_auto_bind_max": 3});
    let answer = send_json(&server, "POST", POLICY, &change).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, "");
    assert_eq!(server.get(POLICY).await.json(), change);
    // Only the switch: the others are kept.
    let only = json!({"tc_bind_switch": "ON"});
    assert_eq!(send_json(&server, "POST", POLICY, &only).await.status, 200);
    assert_eq!(
        server.get(POLICY).await.json(),
        json!({"tc_bind_switch": "ON", "tc_auto_bind_switch": "ON", "tc_auto_bind_max": 3})
    );
    for body in [
        json!({}),
        json!({"tc_bind_switch": "on"}),
        json!({"tc_bind_switch": "ON", "tc_auto_bind_switch": true}),
        json!({"tc_bind_switch": "ON", "tc_auto_bind_max": 0}),
        json!({"tc_bind_switch": "ON", "tc_auto_bind_max": 101}),
        json!({"tc_bind_switch": "ON", "tc_auto_bind_max": 1.5}),
    ] {
        let answer = send_json(&server, "POST", POLICY, &body).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "WKS.0001".to_owned()),
            "{body}"
        );
    }
    assert_eq!(server.get(POLICY).await.json()["tc_auto_bind_max"], 3);
    server.stop().await;
}

#[tokio::test]
async fn changes_survive_a_restart_with_a_state_file() {
    let (dir, file, config) = with_state_file("terminals");
    let server = Server::start(config.clone()).await;
    let first = all(&server).await[0]["id"].as_str().unwrap().to_owned();
    let created = json!({"bind_list": [line(1, "0A-0B-0C-0D-0E-40", "dsk-kept", "")]});
    assert_eq!(send_json(&server, "POST", LIST, &created).await.status, 200);
    let deleted = json!({"id_list": [first]});
    assert_eq!(
        send_json(&server, "POST", DELETE, &deleted).await.status,
        200
    );
    let policy = json!({"tc_bind_switch": "OFF"});
    assert_eq!(
        send_json(&server, "POST", POLICY, &policy).await.status,
        200
    );
    let before = all(&server).await;
    server.stop().await;

    let server = Server::start(config.clone()).await;
    assert_eq!(all(&server).await, before);
    assert_eq!(server.get(POLICY).await.json()["tc_bind_switch"], "OFF");
    // The next ID is new, not one given before the restart.
    let again = json!({"bind_list": [line(1, "0A-0B-0C-0D-0E-41", "dsk-after", "")]});
    assert_eq!(send_json(&server, "POST", LIST, &again).await.status, 200);
    let ids: std::collections::HashSet<String> = all(&server)
        .await
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), before.len() + 1);
    server.stop().await;

    // A file with a repeated MAC is refused at start.
    let mut text: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let bindings = text["terminal_bindings"].as_array_mut().unwrap();
    let copy = bindings[0].clone();
    bindings
        .push(json!({"id": "other", "mac": copy["mac"], "desktop_name": "d", "description": ""}));
    std::fs::write(&file, text.to_string()).unwrap();
    let problem = Mock::new(config).err().expect("a repeated MAC is refused");
    assert!(problem.contains("MAC"), "{problem}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn hostile_values_are_stored_and_listed_as_sent() {
    let server = Server::start(Config::default()).await;
    let hostile = "=HYPERLINK(\"http://evil.example\",\"x\")";
    let body = json!({"bind_list": [line(1, "0A-0B-0C-0D-0E-50", "+dsk", hostile)]});
    assert_eq!(send_json(&server, "POST", LIST, &body).await.status, 200);
    let row = find_mac(&server, "0A-0B-0C-0D-0E-50").await;
    assert_eq!(row[0]["description"], hostile);
    assert_eq!(row[0]["desktop_name"], "+dsk");
    server.stop().await;
}
