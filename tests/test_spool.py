"""kg.spool: a list of JSON objects on disk, and a report holding spools written as json.dump
writes the same report holding lists."""

import io
import json

import pytest

from kg.spool import Joined, Spool, dump

ITEMS = [{"claim": f"urn:c{i}", "text": f"Zahl {i} “quoted”\nnext line", "n": i, "tags": ["a", "b"][: i % 3], "none": None}
         for i in range(7)]


@pytest.fixture()
def spool(tmp_path):
    s = Spool(tmp_path / "items.jsonl")
    for item in ITEMS:
        s.append(item)
    yield s
    s.close()


def test_reads_back_in_order_and_by_position(spool):
    assert list(spool) == ITEMS
    assert len(spool) == len(ITEMS)
    assert spool[3] == ITEMS[3] and spool[-1] == ITEMS[-1]
    assert spool[2:5] == ITEMS[2:5]
    # a lookup while iterating does not move the iteration
    assert [(c, spool[0]["n"]) for c in spool] == [(c, 0) for c in ITEMS]


def test_a_view_keeps_positions(spool):
    view = spool.view([5, 1])
    assert list(view) == [ITEMS[5], ITEMS[1]] and len(view) == 2 and view[0:1] == [ITEMS[5]]


def test_dump_is_json_dump_of_the_same_lists(spool):
    report = {"summary": {"claims": 7, "grades": {"x": 1}}, "empty": [], "claims": spool, "some": spool.view([6, 0]),
              "none": spool.view([]), "hygiene": [{"kind": "k", "url": None}], "nested": [[1, 2], {}]}
    plain = {k: (list(v) if k in ("claims", "some", "none") else v) for k, v in report.items()}
    expected = io.StringIO()
    json.dump(plain, expected, indent=2, ensure_ascii=False)
    got = io.StringIO()
    dump(report, got)
    assert got.getvalue() == expected.getvalue()
    assert json.loads(got.getvalue()) == plain


def test_a_joined_spool_lists_views_and_dumps_as_lists(spool, tmp_path):
    groups = Joined(Spool(tmp_path / "groups.jsonl"), "members", spool)
    groups.append({"name": "odd", "size": 3, "members": spool.view([1, 3, 5])})
    groups.append({"name": "none", "members": spool.view([]), "after": {"x": [1]}})
    with pytest.raises(TypeError):
        groups.append({"name": "copied", "members": [ITEMS[0]]})  # a list, not a view: would be held whole
    assert len(groups) == 2 and groups[0]["members"][1:] == [ITEMS[3], ITEMS[5]] and len(groups[1]["members"]) == 0
    plain = [{"name": "odd", "size": 3, "members": [ITEMS[1], ITEMS[3], ITEMS[5]]}, {"name": "none", "members": [], "after": {"x": [1]}}]
    assert [{**g, "members": list(g["members"])} for g in groups] == plain
    expected, got = io.StringIO(), io.StringIO()
    json.dump({"groups": plain, "n": 2}, expected, indent=2, ensure_ascii=False)
    dump({"groups": groups, "n": 2}, got)
    assert got.getvalue() == expected.getvalue()
    groups.close()
    assert not (tmp_path / "groups.jsonl").exists() and not spool.path.exists()


def test_close_removes_the_file(tmp_path):
    s = Spool(tmp_path / "x.jsonl")
    s.append({"a": 1})
    s.close()
    s.close()  # twice is fine
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.parametrize("on_disk", [True, False])
def test_a_shelf_gives_back_what_it_was_given(on_disk):
    from kg.spool import Shelf

    objects = [{"n": i, "set": {i, i + 1}, "text": "x" * (i * 100)} for i in range(20)] + [None, (1, "a")]
    with Shelf(on_disk=on_disk) as shelf:
        numbers = [shelf.put(o) for o in objects]
        assert numbers == list(range(len(objects)))
        assert [shelf.get(n) for n in reversed(numbers)] == list(reversed(objects))
        assert shelf.get(21) == (1, "a") and shelf.get(0) == objects[0]
