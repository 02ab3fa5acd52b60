"""Every write of the funding chain, one module per step.

`guidelines` (versions of the Förderrichtlinie), `applications` (the KI's side: drafts,
submission, answers), `review` (the grant authority: review, information requests, proposals,
the second signature), `decisions` (the Zuwendungsbescheid and its PDF, conditions),
`budget` (budget lines and commitments), `payments` (Mittelabruf and release).
"""

from .guidelines import add_guideline_version

__all__ = ["add_guideline_version"]
