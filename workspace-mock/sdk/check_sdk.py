"""Huawei's official Python SDK (huaweicloudsdkworkspace) against the mock:
every operation the mock serves, sent by the SDK and parsed into its
models, errors included. Run by `cargo xtask test` (`cargo xtask sdk-check`),
which starts a fresh mock and passes its URL as the only argument.
Prints `N passed, 0 failed` when every check holds; exits 1 otherwise."""

import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkworkspace.v2 import (
    AssociateDesktopsEipReq,
    AssociateDesktopsEipRequest,
    BatchDisassociateDesktopsEipReq,
    BatchDisassociateDesktopsEipRequest,
    CreateTerminalsBindingDesktopsInfo,
    CreateTerminalsBindingDesktopsRequest,
    CreateTerminalsBindingDesktopsRequestBody,
    DeleteTerminalsBindingDesktopsRequest,
    DeleteTerminalsBindingDesktopsRequestBody,
    ListDesktopsEipsRequest,
    ListDesktopsRequest,
    ListTerminalsBindingDesktopsConfigRequest,
    ListTerminalsBindingDesktopsRequest,
    TerminalsBindingDesktopsConfig,
    UpdateTerminalsBindingDesktopsConfigRequest,
    UpdateTerminalsBindingDesktopsRequest,
    UpdateTerminalsBindingDesktopsRequestBody,
    WorkspaceClient,
)

PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
EIP = "450ca7d4-9603-48d0-a9bc-fb85cdaf3031"
DESKTOP = "90f05916-bc71-4e26-a534-d036188d96e3"

passed = 0
failed = []


def check(name, condition, detail=""):
    global passed
    if condition:
        passed += 1
    else:
        failed.append(f"{name}: {detail}")


def refused(name, call, status, code):
    """The call raises the SDK's ClientRequestException with this status and
    WKS code, parsed from the mock's error body."""
    try:
        call()
    except ClientRequestException as err:
        check(name, (err.status_code, err.error_code) == (status, code),
              f"got {err.status_code} {err.error_code} {err.error_msg!r}")
        check(name + " (message)", bool(err.error_msg), "no error_msg")
        return
    check(name, False, "no error raised")


def main(url):
    config = HttpConfig.get_default_config()
    config.timeout = (5, 30)
    client = (
        WorkspaceClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials("MOCKAK", "MOCKSK", PROJECT))
        .with_endpoints([url])
        .build()
    )

    # Terminal bindings: list, with the query as the SDK writes it.
    page = client.list_terminals_binding_desktops(
        ListTerminalsBindingDesktopsRequest(offset=0, limit=20))
    check("list: total", page.total_num == 523, page.total_num)
    check("list: rows", len(page.bind_list) == 20, len(page.bind_list))
    first = page.bind_list[0]
    check("list: row fields", all(
        isinstance(v, str) for v in (first.id, first.mac, first.desktop_name, first.description)),
        first)
    filtered = client.list_terminals_binding_desktops(ListTerminalsBindingDesktopsRequest(
        offset=0, limit=10, mac_list=[page.bind_list[1].mac, page.bind_list[2].mac]))
    check("list: mac_list as repeated keys", filtered.total_num == 2, filtered.total_num)
    counted = client.list_terminals_binding_desktops(
        ListTerminalsBindingDesktopsRequest(offset=0, limit=10, count_only=True))
    check("list: count_only", counted.total_num == 523 and not counted.bind_list, counted)
    refused("list: a bad MAC", lambda: client.list_terminals_binding_desktops(
        ListTerminalsBindingDesktopsRequest(offset=0, limit=10, mac="nope")), 400, "WKS.0001")

    # Create, then see it.
    lines = [
        CreateTerminalsBindingDesktopsInfo(line=1, mac="0A-0B-0C-0D-0E-71",
                                     desktop_name="dsk-sdk-1", description="via SDK"),
        CreateTerminalsBindingDesktopsInfo(line=2, mac="0A-0B-0C-0D-0E-72",
                                     desktop_name="dsk-sdk-2", description=""),
    ]
    client.create_terminals_binding_desktops(CreateTerminalsBindingDesktopsRequest(
        body=CreateTerminalsBindingDesktopsRequestBody(bind_list=lines)))
    created = client.list_terminals_binding_desktops(ListTerminalsBindingDesktopsRequest(
        offset=0, limit=10, mac="0A-0B-0C-0D-0E-71"))
    check("create: listed", created.total_num == 1
          and created.bind_list[0].desktop_name == "dsk-sdk-1", created)
    refused("create: a MAC already bound", lambda: client.create_terminals_binding_desktops(
        CreateTerminalsBindingDesktopsRequest(body=CreateTerminalsBindingDesktopsRequestBody(
            bind_list=lines[:1]))), 400, "WKS.0200")

    # Update.
    binding_id = created.bind_list[0].id
    client.update_terminals_binding_desktops(UpdateTerminalsBindingDesktopsRequest(
        body=UpdateTerminalsBindingDesktopsRequestBody(
            id=binding_id, mac="0A-0B-0C-0D-0E-73", desktop_name="dsk-sdk-moved",
            description="moved")))
    moved = client.list_terminals_binding_desktops(ListTerminalsBindingDesktopsRequest(
        offset=0, limit=10, mac="0A-0B-0C-0D-0E-73"))
    check("update: listed", moved.total_num == 1 and moved.bind_list[0].id == binding_id, moved)
    refused("update: an unknown ID", lambda: client.update_terminals_binding_desktops(
        UpdateTerminalsBindingDesktopsRequest(body=UpdateTerminalsBindingDesktopsRequestBody(
            id="no-such-id", mac="0A-0B-0C-0D-0E-74", desktop_name="x"))), 400, "WKS.0206")

    # Batch delete: a result per ID, parsed into the SDK's model.
    deleted = client.delete_terminals_binding_desktops(DeleteTerminalsBindingDesktopsRequest(
        body=DeleteTerminalsBindingDesktopsRequestBody(id_list=[binding_id, "no-such-id"])))
    outcome = [(r.id, r.delete_result_code) for r in deleted.result_list]
    check("delete: result per ID",
          outcome == [(binding_id, "WKS.0000"), ("no-such-id", "WKS.0206")], outcome)
    check("delete: messages", all(r.delete_result_msg for r in deleted.result_list), deleted)

    # The binding policy.
    policy = client.list_terminals_binding_desktops_config(
        ListTerminalsBindingDesktopsConfigRequest())
    check("policy: read", (policy.tc_bind_switch, policy.tc_auto_bind_switch,
                           policy.tc_auto_bind_max) == ("ON", "OFF", 1), policy)
    client.update_terminals_binding_desktops_config(UpdateTerminalsBindingDesktopsConfigRequest(
        body=TerminalsBindingDesktopsConfig(tc_bind_switch="OFF", tc_auto_bind_switch="ON",
                                            tc_auto_bind_max=2)))
    policy = client.list_terminals_binding_desktops_config(
        ListTerminalsBindingDesktopsConfigRequest())
    check("policy: changed", (policy.tc_bind_switch, policy.tc_auto_bind_max) == ("OFF", 2),
          policy)

    # EIPs and desktops.
    eips = client.list_desktops_eips(ListDesktopsEipsRequest(state="unbind", limit=100))
    check("eips: unbound listed", eips.total_count > 0 and all(
        e.attached_desktop_id is None for e in eips.eips), eips.total_count)
    check("eips: fields", all(isinstance(e.bandwidth_size, int) and e.address
                              for e in eips.eips), eips.eips[:1])
    client.associate_desktops_eip(AssociateDesktopsEipRequest(
        body=AssociateDesktopsEipReq(eip_id=EIP, desktop_id=DESKTOP)))
    bound = client.list_desktops_eips(ListDesktopsEipsRequest(desktop_id=DESKTOP))
    check("bind: listed", [e.id for e in bound.eips] == [EIP], bound)
    refused("bind: again", lambda: client.associate_desktops_eip(AssociateDesktopsEipRequest(
        body=AssociateDesktopsEipReq(eip_id=EIP, desktop_id=DESKTOP))), 400, "WKS.0103")
    client.batch_disassociate_desktops_eip(BatchDisassociateDesktopsEipRequest(
        body=BatchDisassociateDesktopsEipReq(desktop_ids=[DESKTOP])))
    unbound = client.list_desktops_eips(ListDesktopsEipsRequest(desktop_id=DESKTOP))
    check("unbind: gone", unbound.total_count == 0, unbound)
    desktops = client.list_desktops(ListDesktopsRequest(computer_name="dsk-fin", limit=10))
    check("desktops: found", desktops.total_count >= 1 and all(
        "dsk-fin" in d.computer_name for d in desktops.desktops), desktops.total_count)

    for problem in failed:
        print("FAILED:", problem)
    print(f"{passed} passed, {len(failed)} failed")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
