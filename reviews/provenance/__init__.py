"""Provenance: the sealed record of review and the proofs anyone can check.

models.py holds what was submitted and decided (Revision, SignOff), who signs
(ReviewerProfile) and the audit chain (ReviewEvent); sealing.py seals rows with a key kept
outside the database; signing.py signs what goes live with the site's Ed25519 key;
audit.py appends to the chain, anchors its head outside the database and verifies it.
"""
