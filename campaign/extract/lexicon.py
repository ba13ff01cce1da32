"""Word lists shared by the stages: addressees, pronouns, the public, function words."""

from __future__ import annotations

import re

from .words import word_set

# Head nouns of bodies that can be asked to act.
INSTITUTIONS = (
    r"authorit(?:y|ies)|government|govt|administration|state|states|ministry|ministries|minister|"
    r"ministers|department|police|court|courts|judiciary|judges?|prosecutors?|prosecution|"
    r"parliament|congress|senate|legislature|lawmakers|legislators|mps|assembly|committee|"
    r"commission|commissioner|council|union|agency|agencies|regulators?|officials?|"
    r"president|prime minister|premier|chief minister|attorney[- ]general|secretary|"
    r"secretary[- ]general|ambassador|embassy|rapporteurs?|working group|junta|military|army|"
    r"forces|companies|company|platforms?|corporations?|businesses|bar|association|board|"
    r"tribunal|office|bureau|mayor|governor|leaders?|members|partners|allies|donors|"
    r"community|countries|nations|governments|bodies|body|institutions?|operators?|providers?|"
    r"universit(?:y|ies)|school|employers?|brands|sponsors|federation|actors|g20|g7|eu|un"
)
INSTITUTION = re.compile(r"\b(?:" + INSTITUTIONS + r")\b", re.I)

# Addressees that are the readers, not an authority.
PUBLIC = re.compile(
    r"^(?:you|your|everyone|everybody|all of you|readers|supporters|people|the public|"
    r"members of the public|citizens|friends|followers|us|all|individuals|"
    r"organisations and individuals|organizations and individuals|(?:our |all )?members)\b",
    re.I,
)
PUBLIC_VERBS = word_set(
    """
sign share donate join subscribe follow read watch tweet spread tell contact write call email
register learn visit help become support add get check listen send take like forward chip give
lobby organise organize attend dial participate circulate endorse pledge stand keep
"""
)

PRONOUNS = word_set(
    """
i we you he she it they me us him her them this that these those
"""
)
DETERMINERS = word_set(
    """
the a an this that these those his her its their our your my any all each every some no such
other another more most both either neither one two three which what whose
"""
)
ADVERB = re.compile(
    r"^(?:\w+ly|also|now|further|therefore|then|still|at once|first|second|third|finally|"
    r"instead|again|too|not|never|rather|both|once)$",
    re.I,
)
FILLER_ADVERBS = word_set(
    """
also further therefore then still now first second third finally thus hence instead again
firstly secondly thirdly lastly specifically additionally moreover furthermore importantly
"""
)
