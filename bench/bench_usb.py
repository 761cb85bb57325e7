"""USB bundle benchmark: export and import of 10,000 ops (targets: export < 3 s, import
< 10 s), and bundle size against the gzip of the same ops as canonical JSON (target <= 1.2x),
plain and encrypted to the server's key. The import runs the server's own code path
(`tambon-server import-bundle`: verify, decrypt, apply_ops channel "usb") on SQLite.

    uv run python bench/bench_usb.py [--ops 10000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from common import print_table, thai_phrase

from tambon_desktop.core import canonical
from tambon_desktop.protocol import signing
from tambon_desktop.server import auth, bundles, db
from tambon_desktop.server.tables import Device
from tambon_desktop.services import usb
from tambon_desktop.services.workspace import Workspace
from tambon_desktop.store import outbox_state, sync_meta


def fill(ws: Workspace, n: int) -> None:
    """80 % creates of project records, 20 % edits of them."""
    rng = random.Random(7)
    creates = n * 4 // 5
    base = {"policy_area": 2, "kind": "continuing", "start_date": "2024-10-01",
            "end_date": "2025-09-30", "budget_source": "ศอ.บต.", "agency": "ที่ทำการปกครองอำเภอ",
            "status": "in_progress", "area": {"changwat": "95", "amphoe": "9501",
                                              "tambon": "950101"}}
    ids: list[str] = []
    for start in range(0, creates, 1000):
        ids += ws.records.create_many([
            ("project", {**base, "name": f"โครงการ{thai_phrase(rng, 3)} ที่ {i}",
                         "budget_baht": f"{rng.randint(10, 900) * 1000}.00"})
            for i in range(start, min(creates, start + 1000))])
    for i in range(n - creates):
        rid = ids[(i * 7) % len(ids)]
        view = ws.records.get(rid)
        ws.records.update(rid, {**view.data, "budget_baht": f"{1000 + i}.00"})


def server(folder: Path, ws: Workspace, public_key: str):
    engine = db.make_engine(db.default_url(folder))
    db.migrate(engine)
    keys = bundles.ensure_keys(engine)
    with db.session_scope(engine) as s:
        user = auth.add_user(s, name="bench", password="tambon-test-pw-1", role="clerk", district="9501",
                             province=None, actor="bench")
        s.flush()
        s.add(Device(id=ws.device_id, user_id=user.id, district="9501", province="95",
                     role="clerk", public_key=public_key, created_at="2024-01-01T00:00:00Z"))
    return engine, keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ops", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws = Workspace.init(folder / "ws", district="9501", user="bench")
        t = time.perf_counter()
        fill(ws, args.ops)
        print(f"made {args.ops:,} ops in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        private, public = signing.generate_keypair()
        with ws.db.write() as s:
            sync_meta.set_meta(s, private_key=private, public_key=public)
            ops = [signing.sign_op(op, private) for op in outbox_state.ops_to_send(s, limit=10**9)]
        plain = canonical.dumps([op.to_dict() for op in ops])
        gz9, gz6 = len(gzip.compress(plain, 9)), len(gzip.compress(plain, 6))
        for label, encrypted in (("plain", False), ("encrypted", True)):
            engine, keys = server(folder / f"server-{label}", ws, public)
            with ws.db.write() as s:
                sync_meta.set_meta(s, server_bundle_key=keys.bundle_public_key if encrypted
                                   else None)
                s.exec(__import__("sqlalchemy").text("UPDATE outbox SET state = 'pending'"))
            stick = folder / f"stick-{label}"
            stick.mkdir()
            t = time.perf_counter()
            result = usb.export_bundle(ws, stick)
            export_s = time.perf_counter() - t
            t = time.perf_counter()
            with db.session_scope(engine) as s:
                receipt = bundles.import_up(s, result.path, via="bench")
            import_s = time.perf_counter() - t
            assert receipt.applied == args.ops, receipt
            t = time.perf_counter()
            with db.session_scope(engine) as s:
                again = bundles.import_up(s, result.path, via="bench")
            again_s = time.perf_counter() - t
            assert again.duplicate == args.ops
            engine.dispose()
            rows.append((label, f"{args.ops:,}", f"{result.size:,}", f"{gz9:,}",
                         f"{result.size / gz9:.3f}", f"{result.size / gz6:.3f}",
                         round(export_s, 2), round(import_s, 2), round(again_s, 2)))
        ws.close()
    print_table(f"USB bundles, {args.ops:,} ops (raw canonical JSON {len(plain):,} bytes)", rows,
                ("bundle", "ops", "bundle bytes", "gzip -9 bytes", "ratio vs gzip -9",
                 "ratio vs gzip -6", "export s", "import s", "re-import s"))
    print("\ntargets: ratio <= 1.2, export < 3 s, import < 10 s")
    print(json.dumps({"ops": args.ops}), file=sys.stderr)


if __name__ == "__main__":
    main()
