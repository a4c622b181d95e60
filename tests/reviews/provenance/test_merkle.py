"""RFC 9162's Merkle tree, as the site makes proofs (reviews/provenance/merkle.py) and as
an outside verifier checks them (examples/tlog.py): the reference implementation's
vectors (github.com/transparency-dev/merkle, testonly/constants.go and
proof/verify_test.go, the leaves and hashes RFC 6962's authors published), then every
proof of every tree up to 40 leaves, made by one and checked by the other."""

import hashlib
import sys
from pathlib import Path

import pytest

from reviews.provenance import merkle

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "examples"))
import tlog  # noqa: E402 - the example verifier, beside its scripts

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657")] + [
    bytes.fromhex("606162636465666768696a6b6c6d6e6f")
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [  # (leaf index, tree size, audit path)
    (0, 1, []),
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
CONSISTENCY = [  # (first size, second size, proof)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip
HASHES = [merkle.leaf_hash(leaf) for leaf in LEAVES]


def hexes(nodes):
    return [node.hex() for node in nodes]


def test_the_hashes_and_roots_are_rfc_9162s():
    assert merkle.root([]).hex() == hashlib.sha256(b"").hexdigest() == tlog.tree_root([]).hex()
    assert merkle.leaf_hash(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert merkle.node_hash(b"N123", b"N456").hex() == (
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )
    for size, expected in enumerate(ROOTS, start=1):
        assert merkle.root(HASHES[:size]).hex() == expected == tlog.tree_root(HASHES[:size]).hex()


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_are_the_reference_ones_and_verify(index, size, path):
    assert hexes(merkle.inclusion_proof(HASHES[:size], index)) == path
    nodes, root = [bytes.fromhex(node) for node in path], bytes.fromhex(ROOTS[size - 1])
    assert merkle.verify_inclusion(HASHES[index], index, size, nodes, root)
    assert tlog.included(HASHES[index], index, size, nodes, root)


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_proofs_are_the_reference_ones_and_verify(first, second, path):
    assert hexes(merkle.consistency_proof(HASHES[:second], first)) == path
    nodes = [bytes.fromhex(node) for node in path]
    old, new = bytes.fromhex(ROOTS[first - 1]), bytes.fromhex(ROOTS[second - 1])
    assert merkle.verify_consistency(first, second, old, new, nodes)
    assert tlog.consistent(first, second, old, new, nodes)


def corruptions(index, size, path, root):
    """The reference tests' wrong proofs (proof/verify_test.go, corruptInclusionProof)."""
    yield index + 1, size, path, root
    yield index ^ 2, size, path, root
    yield index, size * 2, path, root
    yield index, size // 2, path, root
    yield index, size, path, hashlib.sha256(b"").digest()
    yield index, size, [*path, b""], root
    yield index, size, [*path, root], root
    yield index, size, [root, *path], root
    for i in range(len(path)):
        flipped = bytes([path[i][0] ^ 8]) + path[i][1:]
        yield index, size, [*path[:i], flipped, *path[i + 1 :]], root
    if path:
        yield index, size, path[:-1], root


def test_every_proof_of_every_tree_up_to_40_leaves_checks_and_no_corruption_of_one_does():
    leaves = [merkle.leaf_hash(str(n).encode()) for n in range(40)]
    for size in range(1, 41):
        root = merkle.root(leaves[:size])
        assert root == tlog.tree_root(leaves[:size])
        for index in range(size):
            path = merkle.inclusion_proof(leaves[:size], index)
            assert tlog.included(leaves[index], index, size, path, root)
            for wrong in corruptions(index, size, path, root):
                assert not tlog.included(leaves[index], *wrong), (index, size)
                assert not merkle.verify_inclusion(leaves[index], *wrong), (index, size)
        for first in range(1, size + 1):
            path, old = merkle.consistency_proof(leaves[:size], first), merkle.root(leaves[:first])
            assert tlog.consistent(first, size, old, root, path), (first, size)
            assert merkle.verify_consistency(first, size, old, root, path)
            if first < size:
                assert not tlog.consistent(first, size, merkle.leaf_hash(b"other"), root, path)
                assert not tlog.consistent(first, size, old, root, path[:-1])
                assert not merkle.verify_consistency(first, size, old, merkle.leaf_hash(b"other"), path)
