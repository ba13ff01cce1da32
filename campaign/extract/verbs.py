"""Verbs of action: the base forms that start a demand, and their past participles."""

from __future__ import annotations

from .words import word_set


class VerbSet(frozenset):
    """Base forms of verbs, which also admit their "re-" forms ("re-evaluate", "reassess")."""

    def __contains__(self, word: object) -> bool:
        if frozenset.__contains__(self, word):
            return True
        if not isinstance(word, str) or not word.startswith("re"):
            return False
        rest = word[3:] if word.startswith("re-") else word[2:]
        return len(rest) > 4 and frozenset.__contains__(self, rest)


ACTION_VERBS = VerbSet(
    word_set(
        """
abandon abide abolish accede accelerate accept accord acknowledge act adapt add address adhere
adopt advance affirm afford align allocate allow amend annul answer apologise apologize appoint
apply approve assess assist assure audit avoid ban become begin bolster bring broaden build
cancel carry cease champion change circulate clarify close collaborate commence commit
communicate compensate comply conclude condemn conduct confirm consider consult continue
convene convince cooperate correct create criminalise criminalize curb cut decide declare
decriminalise decriminalize define delete deliver demand denounce deport depose design desist
destroy develop devise disband disclose discontinue dismantle dismiss dismantle disseminate do
draft drop eliminate embrace enable enact encourage end endorse enforce engage enhance ensure
establish evaluate examine exclude exempt exercise expand expedite explain expose express
extend facilitate find fix focus follow formulate frame free fulfil fulfill fund give grant
guarantee halt hand handle have hear heed help hold honour honor identify implement impose
improve include incorporate increase inform initiate inquire insist institute intensify
interrogate intervene introduce investigate invest invite involve issue join justify keep
launch lay legalise legalize legislate let lift limit listen loosen maintain make mandate meet
mind minimise minimize modify monitor move narrow notify nullify obtain offer open oppose order
overhaul overturn pardon pass pause pay permit persuade place postpone prepare present preserve
press prevent prioritise prioritize proceed produce prohibit promote prosecute protect provide
publicise publicize publish punish pursue push put quash ratify reaffirm realign recall
recognise recognize reconsider record redress reduce refer reform refrain regulate reinstate
reject release relinquish remedy remove renounce reopen repair repatriate repeal replace report
request require rescind reserve resolve respect respond restore restrict resume rethink retract
return reunite reveal reverse review revise revisit revoke rule sanction scrap scrutinise
scrutinize secure seek send set share shorten show shut sign speak specify speed spend start
step stop strengthen strike study submit summon support suspend sustain table tackle take
terminate test tighten track train transfer translate treat undertake uphold urge use vacate
verify visit waive withdraw work write throw roll reflect analyse analyze observe
register regulate consult rectify reimburse redress deliver prioritise prioritize tell choose
reconsider re-examine rehabilitate relocate repatriate rebuild cooperate engage acquit
safeguard investigate dismantle block unblock update upgrade boost combat educate
empower finance freeze unfreeze negotiate renew shield extradite dissolve mediate

"""
    )
)

# Verbs that also work as nouns: "release of", "end to", "the review".
NOUN_LIKE = word_set(
    """
release end review report support access control demand process change increase return order
record test study work use ban cut rule step move hold pause issue appeal request
"""
)

IRREGULAR_PARTICIPLES = {
    "brought": "bring",
    "built": "build",
    "done": "do",
    "drawn": "draw",
    "found": "find",
    "freed": "free",
    "given": "give",
    "granted": "grant",
    "heard": "hear",
    "held": "hold",
    "kept": "keep",
    "laid": "lay",
    "left": "leave",
    "let": "let",
    "made": "make",
    "met": "meet",
    "paid": "pay",
    "put": "put",
    "sent": "send",
    "set": "set",
    "shown": "show",
    "shut": "shut",
    "spent": "spend",
    "struck": "strike",
    "taken": "take",
    "undertaken": "undertake",
    "upheld": "uphold",
    "withdrawn": "withdraw",
    "written": "write",
    "overturned": "overturn",
    "sought": "seek",
    "thrown": "throw",
    "begun": "begin",
    "chosen": "choose",
    "told": "tell",
    "rolled": "roll",
}


def base_of_participle(word: str) -> str | None:
    """Return the base form of a past participle ("released" → "release"), if known."""
    low = word.lower()
    if low in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[low]
    if not low.endswith("ed"):
        return None
    candidates = [low[:-1], low[:-2], low[:-3], low[:-3] + "y"]
    for cand in candidates:
        if cand in ACTION_VERBS:
            return cand
    return low[:-2] if len(low) > 4 else None


def base_of_gerund(word: str) -> str | None:
    """Return the base form of a gerund ("ensuring" → "ensure"), if it is a verb of action."""
    low = word.lower()
    if not low.endswith("ing") or len(low) < 6:
        return None
    for cand in (low[:-3], low[:-3] + "e", low[:-4]):
        if cand in ACTION_VERBS:
            return cand
    return None


def base_of_present(word: str) -> str | None:
    """Return the base form of a third-person verb ("discloses" → "disclose"), if an action."""
    low = word.lower()
    if not low.endswith("s") or len(low) < 4:
        return None
    for cand in (low[:-1], low[:-2], low[:-3] + "y" if low.endswith("ies") else ""):
        if cand in ACTION_VERBS:
            return cand
    return None
