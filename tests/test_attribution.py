"""Attribution: which text is claimed, by which rule, with which cue and speaker."""
import pytest

from quotetrack import extract, load_rules


def claims(text, rules):
    return extract(text, rules=rules).claims


@pytest.mark.parametrize("text, content, kind, mention, cue", [
    ('"We will win," Smith said.', "We will win,", "direct", "Smith", "said"),
    ('"We will win," said the minister.', "We will win,", "direct", "the minister", "said"),
    ('Smith said: "We will win."', "We will win.", "direct", "Smith", "said"),
    ("Jack Smith, a spokesman for the agency who declined to give details, said the plan "
     "was dead.", "the plan was dead", "indirect", "Jack Smith", "said"),
    ("The White House said the talks would resume.", "the talks would resume", "indirect",
     "The White House", "said"),
    ("Officials said the road was closed.", "the road was closed", "indirect", "Officials",
     "said"),
    ("The statement said the talks had failed.", "the talks had failed", "indirect",
     "The statement", "said"),
    ('Smith called the plan "a disaster" on Monday.', 'the plan "a disaster" on Monday',
     "mixed", "Smith", "called"),
    ("According to the ministry, 40 people died.", "40 people died", "indirect", "the ministry",
     "According to"),
    ("Most believe that the economy has improved.", "the economy has improved", "indirect",
     "Most", "believe"),
    # a party label with no state after the name
    ('"I do not think that is the case," state Sen. Jane Roe (D) said.',
     "I do not think that is the case,", "direct", "state Sen. Jane Roe", "said"),
    # plural speakers take the base form of the verb
    ('"The attacks show that many oppose immigrants," they conclude.',
     "The attacks show that many oppose immigrants,", "direct", "they", "conclude"),
    ("Obama plans to send a nominee to the Senate.", "to send a nominee to the Senate",
     "indirect", "Obama", "plans"),
    # an appositive in parentheses belongs to the speaker, not the mention
    ("Sen. Chris Murphy (a Connecticut Democrat) says he was unfocused.", "he was unfocused",
     "indirect", "Sen. Chris Murphy", "says"),
    # two nouns before a name make a named role
    ("The plan failed badly, the news site RTL Info reported.", "The plan failed badly",
     "indirect", "the news site RTL Info", "reported"),
])
def test_one_claim(rules, text, content, kind, mention, cue):
    [claim] = claims(text, rules)
    assert (claim.text, claim.kind, claim.speaker_mention, claim.cue) == (content, kind,
                                                                          mention, cue)
    assert text[claim.span.start:claim.span.end] == claim.text


def test_one_speaker_two_verbs_is_two_claims(rules):
    text = "Wilson praised the senator's record on defense and said the senator would win."
    first, second = claims(text, rules)
    assert (first.cue, second.cue) == ("praised", "said")
    assert first.speaker_span == second.speaker_span and first.speaker_mention == "Wilson"
    assert second.text == "the senator would win"


@pytest.mark.parametrize("text, content", [
    ("While only 7 percent said they are undecided, 27 percent of voters could still change "
     "their minds.", "they are undecided"),
    ("Although Smith says the law is flawed, the bill passed the Senate easily.",
     "the law is flawed"),
    # a name in apposition does not close the clause
    ("When Jones said he backed the mayor, Tom Smith, the council was stunned.",
     "he backed the mayor, Tom Smith"),
])
def test_claim_in_a_fronted_clause_ends_at_its_comma(rules, text, content):
    assert [c.text for c in claims(text, rules)][0] == content


def test_and_with_a_verb_after_a_quotation_goes_on_with_the_speaker(rules):
    text = 'He later called her "third-rate" and boycotted one of the debates.'
    [claim] = claims(text, rules)
    assert claim.cue == "called" and "boycotted" not in claim.text


def test_content_running_into_a_later_claim_stops_at_the_conjunction(rules):
    # the later clause is taken first (higher priority); the earlier one is cut, not lost
    text = 'Ted Cruz accuses Obama of "leading from behind" and Donald Trump says he is weak.'
    first, second = claims(text, rules)
    assert first.cue == "accuses" and first.text.startswith("Obama of")
    assert "and" not in first.text.split() and "Trump" not in first.text
    assert (second.cue, second.text) == ("says", "he is weak")


@pytest.mark.parametrize("text, quote", [
    ('"He\'s a former president," Fiorina told "Fox and Friends," reminding the co-hosts '
     'that Trump has denounced him.', "He's a former president,"),
    ("''This is what we do,'' he said. One of his recent reads, ''This Kind of War,'' by "
     "T.R. Fehrenbach, drove that point home.", "This is what we do,"),
    # a work's noun and a comma before the title, which may end the sentence
    ('Fiorina tossed "cold water on the idea immediately," she wrote in her memoir, '
     '"Tough Choices."', None),
    ('Sam Solovey, a contestant on the reality TV show, "The Apprentice," who went on to '
     'work for Trump, said his boss was kind.', None),
])
def test_a_programme_or_a_work_named_in_quotes_is_not_a_claim(rules, text, quote):
    # told "Fox and Friends," names whom she spoke to, ''...,'' by X names a book
    found = [c.text for c in claims(text, rules) if c.kind == "direct"]
    assert "Tough Choices." not in found and "The Apprentice," not in found
    if quote is not None:
        assert found == [quote]


def test_a_name_inside_a_quote_is_never_the_speaker(rules):
    [claim] = claims('"Ask Jones about it," Smith said.', rules)
    assert claim.speaker.name == "Smith"


def test_reported_clause_stops_at_a_participle(rules):
    first, second = claims("Smith said the tax would rise, adding that it would be temporary.",
                           rules)
    assert first.text == "the tax would rise"
    assert second.text == "it would be temporary" and second.speaker.name == "Smith"


@pytest.mark.parametrize("text, content", [
    ('Sanders said that some families would pay "slightly more" in taxes, an acknowledgment '
     'that his rivals quickly seized on.', 'some families would pay "slightly more" in taxes'),
    ('The front-runner complained that the contest had been "rigged" against him, a charge '
     'that party leaders denied.', 'the contest had been "rigged" against him'),
    ('Senate leaders said they would not consider a nominee, leaving that choice to the next '
     'president.', "they would not consider a nominee"),
])
def test_reported_clause_stops_before_the_reporters_comment(rules, text, content):
    assert claims(text, rules)[0].text == content


def test_a_relative_clause_claim_ends_before_the_main_verb_of_saying(rules):
    text = ('Graham, who says allies should contribute ground forces to the battle, tweeted '
            'that the strategy "will not destroy ISIL."')
    assert claims(text, rules)[0].text == "allies should contribute ground forces to the battle"


def test_offsets_survive_crlf_and_non_ascii(rules):
    text = 'Préambule.\r\n\r\n«\u00a0Nous gagnerons\u00a0», a dit M. Dupont.\r\n"We win," Zoë Ng said.'
    for claim in claims(text, rules):
        assert text[claim.span.start:claim.span.end] == claim.text


@pytest.mark.parametrize("text, name", [
    ('"We win," Jose\u0301 Nu\u0301n\u0303ez said.', "Jose\u0301 Nu\u0301n\u0303ez"),  # decomposed accents
    ('"We win," \u200fSmith\u200f said.', "Smith"),  # right-to-left marks
])
def test_names_in_unusual_unicode(rules, text, name):
    [claim] = claims(text, rules)
    assert claim.speaker.name == name


def test_a_rule_with_speaker_none_never_borrows_the_last_speaker(rules):
    text = "Smith said the vote was close. The committee is expected to report next week."
    first, second = claims(text, rules)
    assert first.speaker.name == "Smith"
    assert second.rules == ("expected-to",) and second.speaker is None


@pytest.mark.parametrize("text", [
    "At a rally in Ames, Iowa, on Sunday, Jane Doe defended the plan, saying it would create jobs.",
    "Late last month, Jane Doe defended the plan, saying it would create jobs.",
    # a day with no comma, before the subject or between it and its verb
    "On Thursday evening Jane Doe delivered a speech, saying it would create jobs.",
    "Jane Doe on Thursday delivered a speech, saying it would create jobs.",
])
def test_a_participle_claim_skips_introductory_phrases_to_find_its_subject(rules, text):
    [claim] = [c for c in claims(text, rules) if c.text.startswith("it would")]
    assert claim.speaker.name == "Jane Doe"


@pytest.mark.parametrize("text, name", [
    # the participle belongs to the nearest clause, not to the sentence's first subject
    ("Protest groups say the rules are unfair, and Jane Doe has sued the city, saying they "
     "violate free speech.", "Jane Doe"),
    ("The fracas erupted after Jane Doe entered the race, calling the plan a disgrace.",
     "Jane Doe"),
    # an adverb in -ly may part that clause's subject from its verb
    ("The fracas erupted after Jane Doe formally entered the race, calling the plan a disgrace.",
     "Jane Doe"),
    # an appositive is no clause: its noun is not the subject
    ("John Roe, the presumptive nominee, has been scathing, saying the alliance is obsolete.",
     "John Roe"),
])
def test_a_participle_claim_takes_the_subject_of_the_nearest_clause(rules, text, name):
    [claim] = [c for c in claims(text, rules) if c.cue and c.cue.startswith(("saying", "calling"))]
    assert claim.speaker.name == name


@pytest.mark.parametrize("text, name", [
    ('Jane Doe took the stage at the Grand Hotel in Baltimore and called the system "rotten".',
     "Jane Doe"),
    ("President John Roe met survivors of the attack and relatives of the 49 people killed on "
     "Thursday and said the city must act.", "John Roe"),
])
def test_a_speaker_phrase_never_runs_into_a_second_verb_phrase(rules, text, name):
    [claim] = [c for c in claims(text, rules) if c.cue in ("called", "said")]
    assert claim.speaker.name == name


def test_a_speaker_phrase_may_join_nouns_with_and(rules):
    [claim] = claims("Strategists for Barack Obama and Clinton all agree that the answer hurt her.",
                     rules)
    assert claim.speaker_mention.startswith("Strategists for Barack Obama and Clinton")


def test_an_age_may_open_the_subject_that_introduces_a_quote(rules):
    text = ('"We will win," the attendees said.\n\n17-year-old Jared Potts echoed:\n\n'
            '"He speaks his mind, and I think that might be what the country needs."')
    assert "Jared Potts" in claims(text, rules)[-1].speaker.name


@pytest.mark.parametrize("text, mention, cue, content", [
    ("Aides say Ivanka Trump also advises her father on equal pay.", "Aides", "say",
     "Ivanka Trump also advises her father on equal pay"),
    ("Clinton, during a town hall in Columbus, Ohio, said she was going to put coal companies "
     "out of business.", "Clinton", "said", "she was going to put coal companies out of business"),
    # a group noun of general English (lexicon group_noun) heads the outer subject
    ("Mitt Romney spoke. Romney's associates said he is not planning to offer an endorsement.",
     "Romney's associates", "said", "he is not planning to offer an endorsement"),
    # "made clear" reports too, and a time or an adverb may follow the verb
    ("Jane Roe spoke. But some Republicans made clear Tuesday that they would like to see him "
     "come around.", "some Republicans", "made clear",
     "they would like to see him come around"),
])
def test_a_report_nested_in_a_verb_of_saying_is_the_outer_speakers(rules, text, mention, cue,
                                                                  content):
    [claim] = claims(text, rules)
    assert (claim.speaker_mention, claim.cue, claim.text) == (mention, cue, content)


@pytest.mark.parametrize("text, cue, name", [
    ("Gov. Chris Christie (R), a staunch Trump ally, effectively acknowledged some plagiarism, "
     'saying, "Ninety-three percent of the speech is different."', "saying", "Chris Christie"),
    ('Senate Majority Leader Mitch McConnell, R-Ky., delivered a blunt message to Trump: "It is '
     'time to quit attacking people."', None, "Mitch McConnell"),
])
def test_an_appositive_may_part_the_sentence_subject_from_its_verb(rules, text, cue, name):
    [claim] = [c for c in claims(text, rules) if c.cue == cue]
    assert claim.speaker.name == name


@pytest.mark.parametrize("text, name", [
    ('In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "Clinton '
     'believes that cooperation is essential."', "Jake Sullivan"),
    ('Of Carson, Levine, who has given money to Marco Rubio, said, "He is flat-out scary."',
     "Levine"),
    ("Recalling that moment, David Axelrod, who was chief strategist for Obama's campaigns, said "
     'of Sanders: "The question is, will he do the same?"', "David Axelrod"),
    ("Tuesday at a university in Berea, OH, after winning Ohio in the primary, Gov. John Kasich "
     '(R-OH), said, "I am getting ready to rent a covered wagon."', "John Kasich"),
    # a document is where the named person spoke (see speakers.analyse_mention)
    ("In a statement, Brian Fallon, a spokesman for the campaign, said the plan was dead.",
     "Brian Fallon"),
    # a role noun heads the subject as a name would
    ("In May, a federal judge, in response to a records request, ordered the department to "
     "release the emails.", "a federal judge"),
])
def test_the_object_of_an_introductory_phrase_is_not_the_speaker(rules, text, name):
    [claim] = claims(text, rules)
    assert claim.speaker.name == name


@pytest.mark.parametrize("text, cue, name", [
    ("Jane Roe spoke. Mr. Biden, recalling weekly breakfasts with Mrs. Clinton, described himself "
     "as her friend.", "recalling", "Biden"),
    # a count opens the subject
    ("Jane Roe spoke. Outside the arena, about 200 protesters congregated in three clusters, "
     'chanting "Dump Trump."', "chanting", "about 200 protesters"),
    # an object after "with" and a comma is no subject: the sentence's is
    ("Jane Roe spoke. Senator John Doe met with Obama, saying the talks went well.", "saying",
     "John Doe"),
])
def test_a_participle_right_after_its_subject_is_that_subjects(rules, text, cue, name):
    [claim] = [c for c in claims(text, rules) if c.cue == cue]
    assert claim.speaker.name == name


def test_a_floating_both_speaks_for_the_subject_it_counts(rules):
    [claim] = claims("Jane Doe and Senator John Roe have both argued that blue-collar workers "
                     "have lost jobs.", rules)
    assert claim.speaker.name in ("Jane Doe", "John Roe")


def test_a_participle_opening_the_sentence_belongs_to_the_main_clauses_subject(rules):
    text = ("Jane Roe spoke first. After talking about security, Mr. Netanyahu suggested that "
            "they walk to the attack site.")
    first = [c for c in claims(text, rules) if c.rules == ("participle-after-preposition",)][0]
    assert first.speaker.name == "Netanyahu"


def test_a_quote_said_according_to_a_reporter_keeps_its_speaker_and_names_the_source(rules):
    # who said it is Sanders; CNN is where it was reported (the claim's source)
    text = ('"I ask you as a personal courtesy not to protest," Sanders said, according to '
            'CNN. "It is of utmost importance."')
    first, second = claims(text, rules)
    assert first.speaker_mention == "Sanders" and second.speaker.name == first.speaker.name
    assert first.source is not None and first.source.name == "CNN"


def test_an_infinitive_verb_of_saying_reports_nothing(rules):
    [claim] = claims("She was trying to explain her plan to rebuild the economy.", rules)
    assert claim.cue != "explain"


@pytest.mark.parametrize("text, name", [
    ("Ohio Gov. John Kasich suspended his campaign on Wednesday, telling supporters that he "
     "had renewed faith.", "John Kasich"),
    ("Then Jane Doe cut into the plan, calling it a disgrace.", "Jane Doe"),
])
def test_a_participle_claim_finds_a_subject_after_capitalised_openers(rules, text, name):
    [claim] = [c for c in claims(text, rules) if c.cue in ("telling", "calling it")]
    assert claim.speaker.name == name


def test_a_date_after_an_opening_preposition_is_no_subject(rules):
    text = "In May, a federal judge sided with the Democrats, saying the law was unfair."
    [claim] = [c for c in claims(text, rules) if c.cue == "saying"]
    assert claim.speaker_mention == "a federal judge"


@pytest.mark.parametrize("text, first, second", [
    # the quote and its speaker were taken first; the reported clause stops before them
    ("She said that experts had backed her plan, to which Jones replied: \"It's not true.\"",
     "experts had backed her plan", "It's not true."),
    ('She said it was too early to celebrate but added, "You all know the results."',
     "it was too early to celebrate", "You all know the results."),
    ('He said he was too busy to look for evidence that would back up his earlier claims: '
     '"I have a lot going on."',
     "he was too busy to look for evidence that would back up his earlier claims",
     "I have a lot going on."),
    # or before a subordinator that opens the reporter's clause
    ('Trump said the deadlock has "kept us safe" on Twitter before claiming that open '
     'borders are bad.',
     'the deadlock has "kept us safe"', "open borders are bad"),
])
def test_reported_clause_is_cut_before_a_claim_taken_earlier(rules, text, first, second):
    assert [c.text for c in claims(text, rules)] == [first, second]


def test_reported_clause_stops_at_a_new_attribution(rules):
    text = ("He knows the fear of life in the city's neighborhoods, Emanuel said he meets "
            "with families of victims.")
    assert [c.text for c in claims(text, rules)][-1] == "he meets with families of victims"


def test_a_speakers_post_modifier_stops_before_the_verb_phrase(rules):
    text = "Most of the Republicans have already said they would support the nominee."
    [claim] = [c for c in claims(text, rules) if c.cue == "said"]
    assert claim.speaker_mention == "Most of the Republicans"
    assert claim.text == "they would support the nominee"


@pytest.mark.parametrize("text", [
    "The budget office had projected last August.",
    "Roe testified voluntarily in 1998.",
    "The paper reported a few days later.",
    "The former mayor said this week at an event in Wyoming.",
    "Roe reported daily to John Doe.",
])
def test_time_and_place_after_the_verb_is_no_claim(rules, text):
    # when and where something was said is not what was said
    assert not claims(text, rules)


def test_a_clause_after_the_time_is_still_a_claim(rules):
    [claim] = claims("Smith said recently in an interview the tax would rise.", rules)
    assert claim.text.endswith("the tax would rise")


def test_a_title_in_quotes_naming_a_noun_is_no_quote_claim(rules):
    # the "Avatar" star: the quoted title is part of who posted, not what was posted
    found = claims("After the news went viral, the “Avatar” star posted a message on her page.",
                   rules)
    assert [c.kind for c in found] == ["indirect"]
    assert found[0].text.startswith("a message")


# ------------------------------------------------------------------ free cues

FREE_CUE_TEXTS = [
    "Smith said the plan was dead, and Jones said it was not.",
    'He said "we will win," and she told reporters that Doe said it was over.',
    "Officials said, and the mayor agreed, that the road said to be closed was open.",
    'Jane Doe, who said nothing, said: "We will go." Then she said she would stay.',
    "The White House said said said the talks would resume, the minister said.",
]


def _match(text, rules):
    from quotetrack.attribution import _Matcher
    from quotetrack.quotes import find_quotes, mask_quotes
    from quotetrack.segment import segment_paragraphs, segment_sentences
    paragraphs = segment_paragraphs(text, 0)
    quotes = find_quotes(text, paragraphs, rules.quote_marks)
    masked = mask_quotes(text, quotes)
    sentences = segment_sentences(masked, paragraphs, rules.words("abbreviation"),
                                  rules.words("pronoun"), rules.words("speech_verb"))
    return _Matcher(text, masked, sentences, quotes, rules).run()


def test_rules_skip_sentences_whose_cues_cannot_give_claims(rules, seed_text, monkeypatch):
    from quotetrack.attribution import _Matcher
    from quotetrack.patterns import CompiledPattern
    calls = []
    finditer = CompiledPattern.finditer

    def counted(self, text, bound=None):
        calls.append(self)
        return finditer(self, text, bound)

    monkeypatch.setattr(CompiledPattern, "finditer", counted)
    texts = FREE_CUE_TEXTS + [seed_text]
    fast = [_match(text, rules) for text in texts]
    fast_calls = len(calls)
    del calls[:]
    # every cue counted as free, and any followed by what its rule needs after it:
    # each rule visits every sentence holding its cue
    monkeypatch.setattr(_Matcher, "free_cues", lambda self, key, cues, sent: cues)
    monkeypatch.setattr(CompiledPattern, "cue_followed", lambda self, text, cues: True)
    assert [_match(text, rules) for text in texts] == fast
    assert fast_calls < len(calls)


def test_a_span_index_covers_the_offsets_its_spans_hold():
    from quotetrack.records import Span
    from quotetrack.spanindex import SpanIndex
    index = SpanIndex([Span(3, 6), Span(10, 10), Span(12, 14)])
    for offset in range(16):
        assert index.covers(offset) == index.overlaps(Span(offset, offset + 1)), offset
    assert [o for o in range(16) if index.covers(o)] == [3, 4, 5, 12, 13]


def test_a_rule_whose_quote_is_optional_visits_sentences_without_quotations(tmp_path):
    # sentences without a quotation are skipped only for rules that always hold a {quote}
    (tmp_path / "mine.yaml").write_text(
        "attribution_rules:\n"
        "  - id: told-quote-or-clause\n"
        "    priority: 95\n"
        "    pattern: '{speaker} confided(?: {quote},?)? {content}'\n"
        "    examples:\n"
        "      - text: 'Smith confided that the bridge was closed.'\n"
        "        speaker: Smith\n", encoding="utf-8")
    rules = load_rules([str(tmp_path)])
    mine = [r for r in rules.attribution_rules if r.id == "told-quote-or-clause"][0]
    assert not mine.pattern.quote_required
    assert [r for r in rules.attribution_rules if r.id == "quote-speaker-cue"][0] \
        .pattern.quote_required
    claims = extract("Smith confided that the bridge was closed.", rules=rules).claims
    assert [(c.rules, c.text) for c in claims] == [
        (("told-quote-or-clause",), "the bridge was closed")]


@pytest.mark.parametrize("text, subject", [
    ("Cruz said as the senator yelled", "the senator"),
    ("He waited until Jane Doe arrived", "Jane Doe"),
])
def test_a_clause_opened_by_as_or_until_has_its_own_subject(rules, text, subject):
    from quotetrack.attribution import _clause_subject_regex
    found = [m.group("speaker") for m in _clause_subject_regex(rules).finditer(text)]
    assert subject in found


def test_a_quote_ended_by_its_comma_then_a_participle_is_the_claim(rules):
    # the participle after the quote is the reporter's, not more of what was chanted
    text = ('Hundreds of demonstrators marched through Center City on Monday, chanting '
            '"Bernie or Jill, No Hill," raising fresh questions about the party.')
    [claim] = [c for c in claims(text, rules) if c.cue == "chanting"]
    assert (claim.kind, claim.text) == ("direct", "Bernie or Jill, No Hill,")


def test_a_quote_ended_by_its_comma_then_a_new_clause_is_the_claim(rules):
    text = ('In a clip that Judge Mosman called "distasteful," Santilli expressed a wish '
            'to fight.')
    [claim] = [c for c in claims(text, rules) if c.cue == "called"]
    assert (claim.kind, claim.text) == ("direct", "distasteful,")


@pytest.mark.parametrize("text, claimed", [
    # a cue verb in another sense (lexicon other_sense): no claim
    ("Rubio claimed the prize for exceeding expectations.", False),
    ("She didn't feel well and was unable to attend.", False),
    ("He accepted his award in 2010.", False),
    # the same verbs reporting a claim or a stance still do
    ("Clinton claimed victory in the primary.", True),
    ("She felt the plan was unfair.", True),
    ("He accepted the nomination on Thursday.", True),
    ("She added that the plan was dead.", True),
])
def test_a_cue_verb_in_another_sense_reports_no_claim(rules, text, claimed):
    assert bool(claims(text, rules)) is claimed


@pytest.mark.parametrize("text, claim", [
    ("On his campaign website, Bush promises to end the Common Core.", "to end the Common Core"),
    ("In a changing economy, millennials believe in the American dream.", "the American dream"),
])
def test_an_introductory_phrase_alone_is_no_claim(rules, text, claim):
    # the phrase before the subject's comma is no clause; the verb's own object is
    found = [c.text for c in claims(text, rules)]
    assert claim in found and not any(t.startswith(("On his", "In a")) for t in found)


@pytest.mark.parametrize("text, cue, name", [
    ("Ginsburg said in an interview with The Associated Press last week that she did not want "
     "to think about the possibility that her rival would be president and predicted that the "
     "court would be split.", "predicted", "Ginsburg"),
    ("Mary Smith spoke. She urged the allies to join a coalition to oust Col. Muammar "
     "el-Qaddafi in Libya, proposed that more forces be left in Iraq, and pushed for arms.",
     "proposed", "Mary Smith"),
])
def test_a_second_verb_shares_the_subject_not_a_prepositions_object(rules, text, cue, name):
    [claim] = [c for c in claims(text, rules) if c.cue == cue]
    assert claim.speaker.name == name


@pytest.mark.parametrize("text, mention", [
    ("While critics argue that the swap encourages kidnapping, the president has deemed it "
     "a fair trade.", "critics"),
    ("While many social conservatives have expressed discomfort with Trump, many said the "
     "ruling changed their minds.", "many social conservatives"),
    # nor is a connective that opens the sentence (lexicon sentence_connective)
    ("But Alphabet's founders have said they do not want to create content.",
     "Alphabet's founders"),
])
def test_a_fronted_subordinator_is_no_part_of_the_speaker(rules, text, mention):
    assert claims(text, rules)[0].speaker_mention == mention


@pytest.mark.parametrize("text, cue, mention", [
    ("Jane Roe spoke. Since Clinton's op-ed supporting biofuels in May, she's tacked to the left, "
     "criticizing the pipeline.", "criticizing", "she"),
    ("Jane Roe spoke. He’s comparing the gun actions to Obama’s executive action on immigration "
     "and says Obama is flouting the process.", "says", "He"),
])
def test_a_pronoun_with_a_contracted_auxiliary_is_still_the_subject(rules, text, cue, mention):
    [claim] = [c for c in claims(text, rules) if c.cue == cue]
    assert claim.speaker_mention == mention


@pytest.mark.parametrize("text, mention, name", [
    # a name as the subject: the possessive is reported as the mention, the name speaks
    ("Trump cruised to the nomination on the strength of his hard-line stance on immigration.",
     "his", "Trump"),
    # a pronoun or a description as the subject stays the mention
    ("He has been ratcheting up his critique of his opponents.", "He", None),
    ("The president has been persistent in his criticism of the plan.", "The president", None),
])
def test_a_possessive_names_the_stance_holder_when_the_subject_is_a_name(rules, text, mention,
                                                                         name):
    [claim] = claims(text, rules)
    assert claim.speaker_mention == mention
    if name:
        assert claim.speaker.name == name


def test_a_speaker_phrase_never_runs_into_a_clause_with_its_own_subject(rules):
    text = ("Clinton prosecuted Sanders on issues from gun control to fealty to President Obama at "
            "a presidential debate Sunday as she sought to puncture his appeal.")
    [claim] = [c for c in claims(text, rules) if c.cue == "sought"]
    assert claim.speaker_mention == "she"


@pytest.mark.parametrize("text, cue, mention", [
    ("Jane Roe spoke. The United States stepped up pressure on China, with top defense officials "
     "underlining its military superiority and vowing to remain the guarantor of security.",
     "vowing", "top defense officials"),
    ("Jane Roe spoke. Clinton unveiled her first Spanish-language ad, featuring Hispanics "
     "telling their family stories and criticizing the immigration proposals.", "criticizing",
     "Hispanics"),
])
def test_a_participle_after_and_shares_the_subject_of_the_one_it_is_joined_to(rules, text, cue,
                                                                              mention):
    [claim] = [c for c in claims(text, rules) if c.cue == cue]
    assert claim.speaker_mention == mention


@pytest.mark.parametrize("text", [
    "Mr. Roe spoke. The crowd waited while Jane Doe held a news conference in which she "
    "continued her assault on the plan, calling it a disgrace.",
    "Mr. Roe spoke. Jane Doe's speech — in which she mocked the plan of the mayor, calling it "
    "a disgrace — drew laughs.",
])
def test_in_which_opens_a_clause_whose_subject_a_participle_takes(rules, text):
    [claim] = [c for c in claims(text, rules) if c.cue and c.cue.startswith("calling")]
    assert claim.speaker_mention == "she"


@pytest.mark.parametrize("text, content, mention", [
    # after an auxiliary (or "not", or a subject pronoun) a lower-case phrase is a verb's
    # object: the claim is the clause subject's
    ("Clinton is hoping voters see her as ready for the job.", "her as ready for the job",
     "Clinton"),
    ("Her campaign has been assiduously collecting big-city mayors in a show of muscle that "
     "Clinton hopes can help her.", "Clinton hopes can help her", "Her campaign"),
    # a determiner or an indefinite pronoun opens a speaker there all the same
    ("But not everyone at the rally saw her as a change agent.", "her as a change agent",
     "everyone at the rally"),
])
def test_a_verb_phrase_taken_for_a_speaker_gives_way_to_the_clause_subject(rules, text, content,
                                                                             mention):
    claim = next(c for c in claims(text, rules) if c.text == content)
    assert claim.speaker_mention == mention
