"""“Dacorum 2015 — Dacorum's Community Plan” as data.

The words come from the plan (an OCR'd copy, in ``seeds/dacorum-community-plan-2015.txt``),
with scrambled lines put back in order and OCR slips corrected. The plan sets out what
it will measure but gives no figures, so everything numeric here — baselines, targets,
the shape of each indicator's series, ward populations — is illustrative, chosen to be
plausible for a borough of about 138,000 people, and the portal labels it as such.

This module is data only. ``loader.py`` turns it into rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from indicators.models import Frequency, IndicatorChange, Polarity, Unit
from partnership.models import Forum, Role, Sector
from themes.models import ProgressStatus

# --- Shapes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationData:
    name: str
    sector: str
    description: str = ""
    website: str = ""
    is_lsp_member: bool = False


@dataclass(frozen=True)
class ForumData:
    name: str
    kind: str
    description: str
    organisations: tuple[str, ...]
    website: str = ""


@dataclass(frozen=True)
class ActionData:
    title: str
    owner: str
    due: dt.date
    status: str
    note: str = ""


@dataclass(frozen=True)
class ObjectiveData:
    title: str
    owner: str
    due: dt.date
    status: str
    progress_note: str
    actions: tuple[ActionData, ...]
    description: str = ""


@dataclass(frozen=True)
class AchievementData:
    text: str
    achieved_on: dt.date | None = None


@dataclass(frozen=True)
class StrategyData:
    name: str
    description: str = ""
    url: str = ""


@dataclass(frozen=True)
class SeriesPlan:
    """How the illustrative values run.

    ``levels`` maps a financial year to the indicator's level that year, with straight
    lines between the years given: for a cumulative count, the year's total; otherwise
    the quarter's value (or the year's, for an annual indicator). ``noise`` is the
    relative standard deviation of each value about that line. ``seasonality`` weights
    the quarters (Q1 = April–June). With ``exact_totals`` a cumulative indicator's
    quarters add up to exactly ``levels[year]``, for years where a level is given.
    ``ward_gradient`` says how much ward values differ with a ward's level of need:
    for counts, how much more of the borough total falls in needier wards; for rates
    and percentages, the relative gap between the neediest and the least needy ward
    (needier wards always come out worse). ``town_centre`` multiplies the share of
    counts that falls in the town centre ward.
    """

    levels: dict[int, float]
    noise: float = 0.02
    seasonality: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    exact_totals: bool = False
    ward_gradient: float = 1.0
    ward_noise: float = 0.04
    town_centre: float = 1.0


@dataclass(frozen=True)
class TargetPlan:
    """Yearly targets, 2004/05 to 2014/15.

    A year uses the % change (on the same period last year) in force from the latest
    key of ``percent_change`` at or before it; years before the first such key use
    ``absolute``, a straight line between the years given (flat beyond them).
    """

    absolute: dict[int, float] = field(default_factory=dict)
    percent_change: dict[int, float] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class IndicatorData:
    code: str
    title: str
    definition: str
    unit: str
    polarity: str
    source: str
    series: SeriesPlan
    targets: TargetPlan
    objectives: tuple[int, ...]  # positions in the theme's objectives, from 0
    decimal_places: int = 0
    frequency: str = Frequency.QUARTERLY
    by_ward: bool = False
    cumulative: bool = False
    min_value: float | None = 0
    max_value: float | None = None
    source_url: str = ""
    off_target_note: str = ""
    ward_values_need_caution: bool = False


@dataclass(frozen=True)
class NarrativeData:
    """What the lead forum writes in its quarterly returns; the loader cycles through these."""

    progress: tuple[str, ...]
    achievements: tuple[str, ...]
    risks: tuple[str, ...]
    case_studies: tuple[str, ...]


@dataclass(frozen=True)
class ThemeData:
    number: int
    title: str
    slug: str
    vision: str
    summary: str
    lead_forum: str
    partners: tuple[str, ...]
    outcomes: tuple[str, ...]
    achievements: tuple[AchievementData, ...]
    objectives: tuple[ObjectiveData, ...]
    strategies: tuple[StrategyData, ...]
    indicators: tuple[IndicatorData, ...]
    narrative: NarrativeData


@dataclass(frozen=True)
class CrossCuttingThemeData:
    title: str
    slug: str
    description: str
    themes: tuple[int, ...]


@dataclass(frozen=True)
class WardData:
    name: str
    code: str
    town: str
    population: int
    need: float  # 0 (least) to 1 (most): drives the illustrative ward differences
    description: str = ""
    is_town_centre: bool = False


@dataclass(frozen=True)
class WardPriorityData:
    title: str
    description: str
    themes: tuple[int, ...]


@dataclass(frozen=True)
class UserData:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    forum: str | None
    job_title: str
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class IndicatorChangeData:
    code: str
    field: str
    summary: str
    old_value: str
    new_value: str  # for a target change, blank: the loader writes the target as loaded
    reason: str
    changed_at: dt.datetime  # naive, Europe/London
    target_year: int | None = None


@dataclass(frozen=True)
class RevisionData:
    code: str
    financial_year: int
    quarter: int
    note: str


# --- The plan ------------------------------------------------------------------------------------

PLAN_SLUG = "dacorum-2015"
PLAN_TITLE = "Dacorum 2015 — Dacorum's Community Plan"
PLAN_AREA = "Dacorum"
PLAN_START_YEAR = 2004
PLAN_END_YEAR = 2014
CHAIR_NAME = "Andrew Williams, Chair of the Dacorum Local Strategic Partnership"

PLAN_VISION = """\
Working together to make a difference: a Borough to be proud of, with less crime, litter and air pollution, more well-paid jobs, and health and social equality for everyone — leading to social, economic and environmental well-being and a feeling of contentment and safety for all the community.

This is Dacorum's second Community Plan and it provides a vision for the Borough through to 2015. It aims to reflect the key needs and priorities of local residents, businesses and workers, and to bring together organisations from the public, private and voluntary sectors to work collectively towards meeting those needs.

The process of drawing up the Community Plan is painstaking and involves many individuals and organisations. Over one hundred people got together at a ground-breaking conference in Dacorum in Spring 2004 to start the ball rolling. They were experts from different areas of the community with specialist skills and knowledge, mixed into groups to look at ways of working together more effectively. Imaginative suggestions were put forward with the single aim of building on what is good in the Borough and creating the kind of place we would be proud of our children inheriting.

While talking together is good, listening is even more important. Having established what we saw as the priorities for the 2004/5 Community Plan, it was important to ask residents to have their say through the Citizens' Panel Survey.

The Community Plan is delivered by the Local Strategic Partnership — a group of organisations working together to provide better, more joined-up services for the people of Dacorum. Identifying key priorities in this way provides a focus for individual organisations when they are drawing up their work programmes, and results in all partners concentrating on the same priorities. The organisations working together include Dacorum Borough Council, the police, the Primary Care Trust, voluntary sector organisations, Hertfordshire County Council and local businesses.

Drawing up the plan was just the start. Making sure the actions happen and reviewing progress is a major part of the process."""

CHAIR_INTRODUCTION = """\
Less crime, litter and air pollution, with more well-paid jobs, health and social equality for everyone, are just some of the things we want to achieve in our Borough over the next few years.

We know these things are important because we've asked the people who live in Dacorum — and now we're planning to act on what you've told us through this Community Plan.

The 2004/5 Community Plan, which takes us through to 2015, has not only been developed through consultation with residents but is also strongly supported by all local agencies through the Local Strategic Partnership (LSP).

The Plan is based around nine key themes:

- Reducing Crime and Feeling Safe
- Creating a Cleaner and Healthier Environment
- Improving Social Care and Health
- Ensuring Easy Access to Local Employment
- Delivering Lifelong Learning
- Meeting Housing Need
- Promoting Culture, Arts and Leisure
- Encouraging Community Involvement
- Responding to the Needs of Children and Young People

— in fact all of the crucial elements of a happy, healthy lifestyle, leading to social, economic and environmental well-being and a feeling of contentment and safety for all the community.

Members of the LSP are committed to working together to make a difference for the people of Dacorum. They are planning their work programmes around these key themes to deliver the best possible integrated services within the Borough.

It is only by working together in this way that we can strive to achieve a better Borough and way of life for ourselves, our children and their children.

Thank you to everyone who has taken the trouble to make their feelings known on these important issues. We will do our very best to deliver the kind of quality services that everyone in Dacorum wants and deserves."""

AREA_PROFILE = """\
Dacorum is a mixture of urban and rural communities in west Hertfordshire.

Hemel Hempstead was one of the first “new towns” built after the Second World War and brought rapid growth to the area. The market towns of Berkhamsted and Tring, with their agricultural heritage, are situated in the more rural areas of the Borough.

Over a third of the Borough's 210 square kilometres are designated part of the Chilterns Area of Outstanding Natural Beauty.

Dacorum has excellent transport links via the M1 and M25 motorways and the West Coast Main Line railway, which provides fast connections to London Euston, the Midlands and the North-West. Luton and Stansted airports are within easy reach, and the Grand Union Canal crosses the Borough.

Demographics

At 137,799 residents, Dacorum has the highest population of all Hertfordshire's districts (2001 Census). 15% of residents are aged 65 or more and 19.7% are under 15. There are 57,612 dwellings (2003 figure), of which around 20% (11,291) are owned by the Council.

The population is forecast to increase by 7,387 people (5.4%) over the next 20 years. One of the most significant features for the Community Plan is the growth of the population in the over-65 age group — 5,742 more people — and in the over-80 age group — 1,867 more people — by 2021.

In the 0–19 age range an overall decline of 1.9% (644 people) is forecast. In the 20–29 age range, however, a rise of approximately 1,315 people, or 8.5%, is forecast. This is particularly significant since it is from this age group that new households will be forming, which will have implications for future affordable housing need, both in the short and the longer term.

The 2001 Census also showed that people from black and minority ethnic communities make up 4.6% of the Borough's population, and that 5.2% of households are headed by a lone parent.

The population profile varies ward by ward. The generation that originally moved to the new town as young adults is now at retirement age, and the proportion of 40–59 year olds (children of the original new town settlers) is increasing (Census 2001).

Dacorum is among the fifty most affluent areas in the country, but it has some deprived areas. The last Index of Multiple Deprivation, which combines a range of economic and social measures, ranked Dacorum 312th out of 354 English council areas: only 42 authorities are more affluent than Dacorum. However, of the 27 wards in the Borough at the time, three are among the 50% most deprived wards in England.

About 61% of employed residents work within the Borough, mostly in service sectors such as finance, banking, education and health. Dacorum has a high number of small and medium-sized firms, with 87% of firms employing fewer than ten people. Dacorum Borough Council is a major employer, along with a number of major service and technology businesses that have their headquarters in the Borough.

With 1.7% of eligible residents claiming benefits, unemployment is low compared with a national average of about 2.6% (HCC Unemployment Bulletin, August 2003)."""

MONITORING_STATEMENT = """\
Monitoring

In order to deliver the objectives and work towards the vision for each theme, a partnership forum or group leads each theme. That group will establish an action plan with targets and performance indicators. These plans will also set out how we will measure the improvements for the community and for individuals, by measuring outcomes.

The progress of the partnership forums and groups will be monitored through quarterly reports to the LSP Support Group, with a summary report to the LSP Board.

Through these measures we will be able to gauge how the work of the partners contributes to the local quality of life. These measures will be reviewed annually, and an end-of-year report will be produced for the community.

Reviewing

The LSP will hold a conference every three years to undertake a review. This conference will include representatives from across all the themes, the community and key agencies. The major review will:

- consider and recognise progress and achievements in the Community Plan;
- assess the relevance of the themes and objectives, to ensure they are contributing towards the achievement of the vision;
- consider the community engagement, consultation and communications processes, and ensure they are appropriate and effective."""

# The plan also names an officer's personal e-mail address; the demo leaves it out.
CONTACT_DETAILS = """\
It's your community — be part of it. You can comment on this Plan, or become part of it, by requesting a workshop for your community group, by e-mailing or posting your comments, or by taking part in community consultation.

To find out more, please contact:
Business Partnerships Team
Dacorum Borough Council, Civic Centre
Marlowes, Hemel Hempstead
Herts HP1 1HH
Telephone: 01442 228009
Website: www.dacorum.gov.uk"""

# --- Organisations -------------------------------------------------------------------------------

DBC = "Dacorum Borough Council"
HCC = "Hertfordshire County Council"
POLICE = "Hertfordshire Constabulary"
PCT = "Dacorum Primary Care Trust"
CVS = "Dacorum CVS"
WENTA = "Wenta Business Services"
COLLEGE = "West Herts College"
SPORTS_TRUST = "Dacorum Sports Trust"
RSL = "Registered Social Landlords (Dacorum Partnership)"

ORGANISATIONS: tuple[OrganisationData, ...] = (
    # Public sector
    OrganisationData(
        POLICE,
        Sector.PUBLIC,
        "The county's police force; Dacorum's Safer Neighbourhood Teams and its anti-social behaviour work sit within it.",
        "https://www.herts.police.uk/",
        is_lsp_member=True,
    ),
    OrganisationData(
        PCT,
        Sector.PUBLIC,
        "Commissions and provides local NHS services for Dacorum, including the NHS Stop Smoking Service.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "West Hertfordshire Hospitals NHS Trust",
        Sector.PUBLIC,
        "Runs Hemel Hempstead, Watford and St Albans City hospitals.",
    ),
    OrganisationData(
        "Hertfordshire Drug and Alcohol Action Team",
        Sector.PUBLIC,
        "The county partnership that commissions drug and alcohol treatment, and owns the Young People's Substance Misuse Plan.",
    ),
    OrganisationData(
        "Environment Agency",
        Sector.PUBLIC,
        "Regulator for rivers, wetlands and waste; a member of the Hertfordshire Environmental Forum.",
        "https://www.gov.uk/government/organisations/environment-agency",
    ),
    OrganisationData(
        "East of England Development Agency",
        Sector.PUBLIC,
        "The regional development agency; its Investing in Communities programme funds LSP projects.",
    ),
    # Local authority sector
    OrganisationData(
        HCC,
        Sector.LOCAL_AUTHORITY,
        "The county council: education, children's services, adult care, highways and libraries.",
        "https://www.hertfordshire.gov.uk/",
        is_lsp_member=True,
    ),
    OrganisationData(
        DBC,
        Sector.LOCAL_AUTHORITY,
        "The borough council. Its Business Partnerships Team supports the LSP.",
        "https://www.dacorum.gov.uk/",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Town & Parish Councils",
        Sector.LOCAL_AUTHORITY,
        "Dacorum's town and parish councils, represented together on the LSP.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Hertfordshire Waste Partnership",
        Sector.LOCAL_AUTHORITY,
        "The county and district councils working together on waste; runs the Waste Aware campaign.",
    ),
    # Business and environment sector (housing sits here in the plan's membership structure)
    OrganisationData(
        "Dacorum Business Networks",
        Sector.BUSINESS_ENVIRONMENT,
        "Networks of local businesses, working with the private sector; lead forum for local employment.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Dacorum Environmental Forum",
        Sector.BUSINESS_ENVIRONMENT,
        "Representatives of public, private and voluntary organisations concerned with the local environment.",
        is_lsp_member=True,
    ),
    OrganisationData(
        WENTA,
        Sector.BUSINESS_ENVIRONMENT,
        "The local enterprise agency: advice for people starting and growing small businesses.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Hertfordshire Chamber of Commerce and Industry",
        Sector.BUSINESS_ENVIRONMENT,
        "The county's chamber of commerce.",
    ),
    OrganisationData("Herts Business Link", Sector.BUSINESS_ENVIRONMENT, "Business advice and support."),
    OrganisationData(
        "Dacorum Green Business Club",
        Sector.BUSINESS_ENVIRONMENT,
        "Local businesses sharing good environmental practice.",
    ),
    OrganisationData(
        RSL,
        Sector.BUSINESS_ENVIRONMENT,
        "The housing associations building and managing affordable homes in Dacorum, who represent housing on the LSP.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Rural Housing Enabler",
        Sector.BUSINESS_ENVIRONMENT,
        "Works with parishes to bring forward small affordable housing schemes for local people in villages.",
    ),
    # Arts and culture sector
    OrganisationData(
        SPORTS_TRUST,
        Sector.ARTS_CULTURE,
        "Runs the Borough's leisure centres, pools and sports facilities.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Herts Arts Partnership", Sector.ARTS_CULTURE, "Arts development across Hertfordshire.", is_lsp_member=True
    ),
    OrganisationData(
        "HACO (Herts Association of Cultural Officers)",
        Sector.ARTS_CULTURE,
        "Cultural officers of Hertfordshire's councils, working together.",
    ),
    OrganisationData("Herts Tourism Partnership", Sector.ARTS_CULTURE, "Promotes Hertfordshire to visitors."),
    # Voluntary and community sector
    OrganisationData(
        CVS,
        Sector.VOLUNTARY_COMMUNITY,
        "Dacorum Council for Voluntary Service: advice, training and a voice for local voluntary and community groups.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Dacorum Volunteer Bureau",
        Sector.VOLUNTARY_COMMUNITY,
        "Matches volunteers with local organisations that need them.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Communities Together",
        Sector.VOLUNTARY_COMMUNITY,
        "Brings Dacorum's communities and faith groups together.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "Age Concern Dacorum",
        Sector.VOLUNTARY_COMMUNITY,
        "Services, advice and a voice for older people in Dacorum.",
        is_lsp_member=True,
    ),
    OrganisationData("Relate", Sector.VOLUNTARY_COMMUNITY, "Relationship counselling and support for families."),
    OrganisationData(
        "Churches Together in Hemel Hempstead",
        Sector.VOLUNTARY_COMMUNITY,
        "The town's churches, working together in the community.",
    ),
    OrganisationData(
        "Communities Associations Network",
        Sector.VOLUNTARY_COMMUNITY,
        "The community associations that run Dacorum's community centres.",
    ),
    OrganisationData(
        "Highfield Carnival Club",
        Sector.VOLUNTARY_COMMUNITY,
        "A community carnival club in Highfield, now a social enterprise working across Dacorum.",
    ),
    # Education and lifelong learning sector
    OrganisationData(
        COLLEGE,
        Sector.EDUCATION_LEARNING,
        "The further education college for west Hertfordshire, with a campus in Hemel Hempstead.",
        is_lsp_member=True,
    ),
    OrganisationData(
        "B2E (Business to Education)",
        Sector.EDUCATION_LEARNING,
        "Links local businesses with schools.",
    ),
)

# --- Forums --------------------------------------------------------------------------------------

CSP = "Dacorum Community Safety Partnership"
ENV_FORUM = "Dacorum Environmental Forum"
HEALTH_FORUM = "Dacorum Health, Care and Community Partnership"
BUSINESS_FORUM = "Dacorum Business Networks"
LEARNING_FORUM = "Dacorum Learning Forum"
HOUSING_FORUM = "Dacorum Housing Forum"
CULTURAL_FORUM = "Cultural Forum Partnership"
COMMUNITIES_FORUM = "The Communities Forum"
CYP_FORUM = "Dacorum Children and Young People's Strategic Partnership"
SUPPORT_GROUP = "LSP Support Group"
BOARD = "LSP Board"

LSP_MEMBERS = tuple(o.name for o in ORGANISATIONS if o.is_lsp_member)

FORUMS: tuple[ForumData, ...] = (
    ForumData(
        CSP,
        Forum.Kind.THEME_LEAD,
        "The statutory crime and disorder partnership for Dacorum. It aims to reduce fear of crime at the same "
        "time as reducing total recorded crime and anti-social behaviour.",
        (POLICE, DBC, HCC, "Hertfordshire Drug and Alcohol Action Team", CVS, "Age Concern Dacorum"),
        website="http://www.saferdacorum.info.co.uk",
    ),
    ForumData(
        ENV_FORUM,
        Forum.Kind.THEME_LEAD,
        "Public, private and voluntary organisations concerned with the local environment.",
        (
            "Dacorum Environmental Forum",
            DBC,
            HCC,
            "Environment Agency",
            "Hertfordshire Waste Partnership",
            "Dacorum Green Business Club",
        ),
    ),
    ForumData(
        HEALTH_FORUM,
        Forum.Kind.THEME_LEAD,
        "Dacorum Primary Care Trust, the health trusts, the voluntary sector, and Hertfordshire County and "
        "Dacorum Borough Councils.",
        (PCT, "West Hertfordshire Hospitals NHS Trust", HCC, DBC, CVS, "Age Concern Dacorum"),
    ),
    ForumData(
        BUSINESS_FORUM,
        Forum.Kind.THEME_LEAD,
        "Business networks with the private sector, the enterprise agency and both councils.",
        (
            "Dacorum Business Networks",
            WENTA,
            "Hertfordshire Chamber of Commerce and Industry",
            "Herts Business Link",
            "Dacorum Green Business Club",
            "B2E (Business to Education)",
            DBC,
            HCC,
        ),
    ),
    ForumData(
        LEARNING_FORUM,
        Forum.Kind.THEME_LEAD,
        "West Herts College, Dacorum Borough and Hertfordshire County Councils, schools, and voluntary and "
        "private sector education providers.",
        (COLLEGE, DBC, HCC, CVS, "B2E (Business to Education)"),
    ),
    ForumData(
        HOUSING_FORUM,
        Forum.Kind.THEME_LEAD,
        "The Council's housing service, registered social landlords, the Rural Housing Enabler and private developers.",
        (DBC, RSL, "Rural Housing Enabler", HCC),
    ),
    ForumData(
        CULTURAL_FORUM,
        Forum.Kind.THEME_LEAD,
        "The organisations that provide arts, sport, leisure and tourism in and around Dacorum.",
        (
            DBC,
            SPORTS_TRUST,
            "Herts Arts Partnership",
            "HACO (Herts Association of Cultural Officers)",
            "Herts Tourism Partnership",
        ),
    ),
    ForumData(
        COMMUNITIES_FORUM,
        Forum.Kind.THEME_LEAD,
        "Voluntary and community organisations and agencies, with the Council's community support team.",
        (
            "Communities Together",
            "Churches Together in Hemel Hempstead",
            "Communities Associations Network",
            DBC,
            CVS,
            "Dacorum Volunteer Bureau",
            "Relate",
            "Age Concern Dacorum",
        ),
    ),
    ForumData(
        CYP_FORUM,
        Forum.Kind.THEME_LEAD,
        "A multi-agency partnership of the statutory, voluntary and faith sectors working with children and "
        "young people aged 0 to 19.",
        (HCC, DBC, PCT, POLICE, CVS, COLLEGE, "Churches Together in Hemel Hempstead"),
    ),
    ForumData(
        SUPPORT_GROUP,
        Forum.Kind.SUPPORT_GROUP,
        "Officers of the main partners who receive each forum's quarterly report, chase what is late and prepare "
        "the summary for the Board. Serviced by the Council's Business Partnerships Team.",
        (DBC, HCC, POLICE, PCT, CVS),
    ),
    ForumData(
        BOARD,
        Forum.Kind.BOARD,
        "The Local Strategic Partnership's board: one or more representatives of each membership sector. It leads "
        "the cross-cutting themes and receives a summary of progress every quarter.",
        LSP_MEMBERS,
    ),
)

# --- Dates and statuses used below ---------------------------------------------------------------

D = dt.date
ON = ProgressStatus.ON_TRACK
DONE = ProgressStatus.COMPLETE
RISK = ProgressStatus.AT_RISK
OFF = ProgressStatus.OFF_TRACK
NOT_STARTED = ProgressStatus.NOT_STARTED

PERCENT = Unit.PERCENT
COUNT = Unit.COUNT
HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
ANNUAL = Frequency.ANNUAL

CITIZENS_PANEL = "Dacorum Citizens' Panel Survey"

# --- The nine themes -----------------------------------------------------------------------------

CRIME = ThemeData(
    number=1,
    title="Reducing Crime and Feeling Safe",
    slug="reducing-crime-and-feeling-safe",
    vision="Creating a cohesive community where people feel safe, by tackling crime and disorder and improving "
    "quality of life for everyone who lives and works in the Borough.",
    summary="Dacorum Community Safety Partnership involves Hertfordshire Police, Dacorum Borough Council, "
    "Hertfordshire County Council and a range of voluntary and community organisations. Key elements of its "
    "strategy are to reduce fear of crime in the Borough at the same time as reducing total recorded crime and "
    "anti-social behaviour. Its work is linked to the Drug Action Team Partnership's Young People's Substance "
    "Misuse Plan.",
    lead_forum=CSP,
    partners=(POLICE, DBC, HCC, "Hertfordshire Drug and Alcohol Action Team", CVS),
    outcomes=(
        "Older people feel safe",
        "Younger people feel included",
        "Domestic violence is addressed",
        "Nuisance behaviour is addressed",
        "Policing meets the needs of the community",
        "More tolerance towards each other",
        "Illegal drug and alcohol abuse is controlled",
    ),
    achievements=(
        AchievementData(
            "Reduction in anti-social behaviour resulting from the introduction of an Anti-Social Behaviour team "
            "in June 2002.",
            D(2002, 6, 1),
        ),
        AchievementData(
            "Targeting drug dealers and young drug abusers through Operation Crystal and the West and Central "
            "Herts SWITCH project."
        ),
        AchievementData(
            "Addressing hate crime — including domestic, racially motivated and sexual violence — through the "
            "recently opened Sunflower project."
        ),
        AchievementData("£200,000 CCTV expansion and upgrade under way."),
        AchievementData(
            "Public reassurance work of the Crime Prevention Panels, e.g. property marking and security advice."
        ),
        AchievementData("Membership of Neighbourhood Watch schemes increased to over 16,000 (a 5% increase)."),
    ),
    objectives=(
        ObjectiveData(
            "Further improving relationships between the community and the police",
            POLICE,
            D(2010, 3, 31),
            DONE,
            "Safer Neighbourhood Teams cover every ward; ward panels set three local priorities each quarter.",
            (
                ActionData(
                    "Set up a Safer Neighbourhood Team for every ward, with named officers and PCSOs",
                    POLICE,
                    D(2008, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Hold a neighbourhood panel in each ward every quarter to agree local policing priorities",
                    POLICE,
                    D(2009, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Publish ward crime figures and panel priorities on the partnership website",
                    DBC,
                    D(2010, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Raising awareness of the measures already in place and those proposed",
            DBC,
            D(2015, 3, 31),
            ON,
            "Quarterly ‘Safer Dacorum’ newsletter reaches every household; fear of crime continues to fall.",
            (
                ActionData(
                    "Publish a quarterly community safety newsletter delivered to every household",
                    DBC,
                    D(2006, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Run Crime Prevention Panel reassurance events in each town, with property marking",
                    POLICE,
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
        ObjectiveData(
            "Reducing drug abuse and addressing alcohol-related issues",
            "Hertfordshire Drug and Alcohol Action Team",
            D(2014, 3, 31),
            RISK,
            "Treatment numbers are up, but alcohol-related violence in Hemel Hempstead town centre rose in "
            "2014/15; a late-night levy is under discussion.",
            (
                ActionData(
                    "Continue Operation Crystal against crack cocaine supply, with quarterly results to the partnership",
                    POLICE,
                    D(2007, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Extend the SWITCH young people's drug project to every Dacorum secondary school",
                    "Hertfordshire Drug and Alcohol Action Team",
                    D(2009, 7, 31),
                    DONE,
                ),
                ActionData(
                    "Designate Hemel Hempstead town centre a controlled drinking zone and review it yearly",
                    DBC,
                    D(2014, 3, 31),
                    RISK,
                    "Review delayed by the town centre regeneration works.",
                ),
            ),
        ),
        ObjectiveData(
            "Improving our street scene by designing out crime",
            DBC,
            D(2012, 3, 31),
            DONE,
            "CCTV upgrade complete; Secured by Design is a condition on all major planning permissions.",
            (
                ActionData(
                    "Complete the £200,000 CCTV expansion and upgrade in Hemel Hempstead, Berkhamsted and Tring",
                    DBC,
                    D(2005, 9, 30),
                    DONE,
                ),
                ActionData(
                    "Require Secured by Design standards on major housing and town centre schemes",
                    DBC,
                    D(2008, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Improve lighting and sight lines in underpasses and alleyways identified by ward panels",
                    HCC,
                    D(2012, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Developing community-based activities to help prevent anti-social behaviour",
            DBC,
            D(2015, 3, 31),
            ON,
            "Friday-night diversionary sessions run in five wards; ASB incidents have fallen for six years running.",
            (
                ActionData(
                    "Run Friday-night sport and youth sessions in the wards with most anti-social behaviour",
                    SPORTS_TRUST,
                    D(2011, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Use acceptable behaviour contracts before ASBOs, with support for the young person's family",
                    DBC,
                    D(2013, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Train ward volunteers in mediation for neighbour disputes",
                    CVS,
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
    ),
    strategies=(
        StrategyData(
            "Dacorum Community Safety Partnership — Crime and Disorder Reduction Strategy",
            "Reducing fear of crime at the same time as reducing total recorded crime and anti-social behaviour.",
            "http://www.saferdacorum.info.co.uk",
        ),
        StrategyData(
            "Drug Action Team Partnership — Young People's Substance Misuse Plan",
            "The county Drug Action Team's plan for preventing and treating young people's substance misuse.",
        ),
    ),
    indicators=(
        IndicatorData(
            code="CS-01",
            title="Residents who feel safe outside in their local area after dark",
            definition="The percentage of Citizens' Panel respondents who say they feel ‘very safe’ or ‘fairly "
            "safe’ when outside in their local area after dark. Counted from the annual Citizens' Panel Survey "
            "(fieldwork in January and February, reported in Q4); ‘don't know’ answers are left out of the "
            "denominator. Results are weighted by age, sex and ward to the population. Ward figures rest on "
            "samples of 30–60 respondents and should be used with caution.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source=CITIZENS_PANEL,
            frequency=ANNUAL,
            by_ward=True,
            max_value=100,
            series=SeriesPlan({2004: 47.5, 2009: 54.0, 2014: 61.0}, noise=0.015, ward_gradient=0.45, ward_noise=0.05),
            targets=TargetPlan(absolute={2004: 48, 2009: 55, 2014: 60}),
            objectives=(0, 1),
            ward_values_need_caution=True,
        ),
        IndicatorData(
            code="CS-02",
            title="Total recorded crime",
            definition="The number of notifiable offences recorded by Hertfordshire Constabulary in Dacorum in "
            "the quarter, counted under the Home Office Counting Rules and the National Crime Recording Standard. "
            "Each quarter's own count is recorded; the year to date is the sum of the quarters. Offences are "
            "allocated to wards by the location of the crime; the few without a usable location are shared "
            "among wards in proportion to located offences, so that ward counts add up to the borough total.",
            unit=COUNT,
            polarity=LOWER,
            source="Hertfordshire Constabulary recorded crime",
            cumulative=True,
            by_ward=True,
            series=SeriesPlan(
                {
                    2004: 12480,
                    2005: 12010,
                    2006: 11350,
                    2007: 10620,
                    2008: 10150,
                    2009: 9540,
                    2010: 9210,
                    2011: 8870,
                    2012: 8420,
                    2013: 8016,
                    2014: 7431,
                },
                noise=0.02,
                seasonality=(1.02, 1.05, 0.99, 0.94),
                exact_totals=True,
                ward_gradient=1.6,
                ward_noise=0.06,
                town_centre=2.2,
            ),
            targets=TargetPlan(
                absolute={2004: 12200},
                percent_change={2005: -4, 2009: -5, 2012: -3},
                note="Community Safety Partnership plan target",
            ),
            objectives=(0, 2, 3, 4),
            off_target_note="Above the profiled reduction: the partnership's tasking group has directed patrols "
            "to the wards with the largest rises.",
        ),
        IndicatorData(
            code="CS-03",
            title="Anti-social behaviour incidents reported to the police",
            definition="The number of incidents recorded by Hertfordshire Constabulary in Dacorum under the "
            "national anti-social behaviour incident categories in the quarter (from 2011/12, the three "
            "categories personal, nuisance and environmental). Each quarter's own count is recorded; the year "
            "to date is their sum. Allocated to wards by incident location.",
            unit=COUNT,
            polarity=LOWER,
            source="Hertfordshire Constabulary incident records",
            cumulative=True,
            by_ward=True,
            series=SeriesPlan(
                {2004: 9800, 2006: 10350, 2008: 9650, 2010: 8600, 2012: 7500, 2013: 7150, 2014: 6950},
                noise=0.03,
                seasonality=(1.05, 1.12, 0.96, 0.87),
                ward_gradient=1.8,
                ward_noise=0.08,
                town_centre=1.8,
            ),
            targets=TargetPlan(absolute={2004: 9500}, percent_change={2005: -3, 2008: -5, 2012: -4}),
            objectives=(4, 0),
            off_target_note="Reduction behind target; summer diversionary activity is being extended.",
        ),
        IndicatorData(
            code="CS-04",
            title="Domestic burglaries",
            definition="The number of burglaries in a dwelling (including attempts and distraction burglary) "
            "recorded by Hertfordshire Constabulary in Dacorum in the quarter. Each quarter's own count is "
            "recorded; the year to date is their sum. Allocated to wards by the address of the dwelling.",
            unit=COUNT,
            polarity=LOWER,
            source="Hertfordshire Constabulary recorded crime",
            cumulative=True,
            by_ward=True,
            series=SeriesPlan(
                {2004: 985, 2008: 760, 2011: 640, 2013: 592, 2014: 668},
                noise=0.05,
                seasonality=(0.9, 0.9, 1.2, 1.0),
                ward_gradient=0.8,
                ward_noise=0.12,
                town_centre=1.1,
            ),
            targets=TargetPlan(absolute={2004: 950}, percent_change={2005: -5, 2010: -3}),
            objectives=(1, 3),
            off_target_note="A series of burglaries in the Berkhamsted and Tring areas from November; two "
            "arrests have been made and Operation Autumn Shield continues.",
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "Recorded crime is below last year's level for the quarter and the partnership's tasking group "
            "met monthly. Ward panels agreed their three local priorities.",
            "The partnership's strategic assessment was refreshed; drugs, anti-social behaviour and burglary "
            "remain the priorities.",
            "Anti-social behaviour is down on the same quarter last year; diversionary sessions ran in five wards.",
            "The CCTV control room and the town-centre radio link for shops and pubs were used in 40 arrests.",
        ),
        achievements=(
            "Neighbourhood Watch membership passed 16,000.",
            "Twelve acceptable behaviour contracts signed; none has been breached.",
            "Property-marking events held in Tring and Kings Langley.",
        ),
        risks=(
            "Alcohol-related violence in Hemel Hempstead town centre on Friday and Saturday nights.",
            "PCSO funding beyond March is not yet confirmed.",
        ),
        case_studies=(
            "A Grovehill family's dispute with neighbours was resolved through volunteer mediation after a "
            "year of complaints; no further calls have been received.",
        ),
    ),
)

ENVIRONMENT = ThemeData(
    number=2,
    title="Creating a Cleaner and Healthier Environment",
    slug="creating-a-cleaner-and-healthier-environment",
    vision="Encouraging individuals and organisations to work together to tackle environmental issues and "
    "enhance the natural beauty and built environment of the Borough, and to be mindful of what can be done "
    "locally to improve the global environment.",
    summary="Led by the Dacorum Environmental Forum — representatives of public, private and voluntary "
    "organisations concerned with the local environment — with Hertfordshire County Council. Linked to the "
    "Hertfordshire Environmental Forum (the eleven principal Hertfordshire local authorities plus regulators "
    "such as the Environment Agency), the Hertfordshire Waste Partnership and Waste Aware, the Dacorum Green "
    "Business Club, and the Bio Diversity Action Plan.",
    lead_forum=ENV_FORUM,
    partners=(
        "Dacorum Environmental Forum",
        HCC,
        DBC,
        "Environment Agency",
        "Hertfordshire Waste Partnership",
        "Dacorum Green Business Club",
    ),
    outcomes=(
        "More energy saving schemes, and more people cycling and walking",
        "Maintaining and seeking to improve public transport",
        "Reduced volumes of waste through re-use, recycling and recovery",
        "Swift removal of dumped waste and a clamp-down on fly-tipping",
        "Reduced levels of litter",
        "Improved air quality",
        "Education to help people, especially young people, value their surroundings",
        "Better quality rivers and wetlands",
    ),
    achievements=(
        AchievementData("An international environmental standard achieved for the Council's waste services."),
        AchievementData("Two new wheeled-bin rounds up and running, and the roll-out of the wheeled bin service."),
        AchievementData("A major environmental youth conference held, with an action plan established."),
        AchievementData("A Youth Environmental Forum and Charter under development."),
    ),
    objectives=(
        ObjectiveData(
            "Changing human behaviour and educating people",
            "Dacorum Environmental Forum",
            D(2015, 3, 31),
            ON,
            "Eco-schools programme in 38 schools; the Youth Environmental Charter was adopted in 2006.",
            (
                ActionData(
                    "Adopt the Youth Environmental Charter and support the Youth Environmental Forum",
                    "Dacorum Environmental Forum",
                    D(2006, 3, 31),
                    DONE,
                ),
                ActionData("Support every school to join the Eco-Schools programme", HCC, D(2012, 7, 31), DONE),
                ActionData(
                    "Run Waste Aware doorstep campaigns in the wards with the lowest recycling rates",
                    "Hertfordshire Waste Partnership",
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
        ObjectiveData(
            "Creating more sustainable choices for people in terms of food, diet and environmentally friendly "
            "alternatives",
            DBC,
            D(2013, 3, 31),
            DONE,
            "Farmers' markets run monthly in all three towns; food waste collections began in 2012.",
            (
                ActionData(
                    "Start monthly farmers' markets in Hemel Hempstead, Berkhamsted and Tring",
                    DBC,
                    D(2007, 3, 31),
                    DONE,
                ),
                ActionData("Introduce weekly food waste collections", DBC, D(2012, 9, 30), DONE),
            ),
        ),
        ObjectiveData(
            "Improving rivers, wetlands and water",
            "Environment Agency",
            D(2015, 3, 31),
            ON,
            "Restoration of the Gade at Gadebridge Park is complete; the Bulbourne project is in design.",
            (
                ActionData(
                    "Restore the River Gade channel through Gadebridge Park", "Environment Agency", D(2012, 3, 31), DONE
                ),
                ActionData(
                    "Bring 60% of Local Wildlife Sites into positive conservation management",
                    "Dacorum Environmental Forum",
                    D(2015, 3, 31),
                    RISK,
                    "Landowner take-up has slowed since the end of agri-environment grants.",
                ),
                ActionData(
                    "Design a restoration scheme for the River Bulbourne chalk stream",
                    "Environment Agency",
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
        ObjectiveData(
            "Prioritising environmental issues in all of our activities",
            DBC,
            D(2011, 3, 31),
            DONE,
            "Every partner has an environmental policy; the Council's carbon management plan was adopted in 2009.",
            (
                ActionData(
                    "Each LSP partner to adopt an environmental policy with annual reporting",
                    "Dacorum Environmental Forum",
                    D(2008, 3, 31),
                    DONE,
                ),
                ActionData("Adopt a carbon management plan for the Council's estate", DBC, D(2009, 12, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Better public transport in order to reduce atmospheric pollution",
            HCC,
            D(2015, 3, 31),
            OFF,
            "Two subsidised rural bus routes were withdrawn in 2011; roadside nitrogen dioxide is still above the "
            "objective at the Lawn Lane and London Road sites.",
            (
                ActionData(
                    "Declare Air Quality Management Areas where the nitrogen dioxide objective is exceeded",
                    DBC,
                    D(2008, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Agree an air quality action plan with the County Council's highways service",
                    HCC,
                    D(2012, 3, 31),
                    RISK,
                ),
                ActionData(
                    "Keep the rural bus network through community transport and demand-responsive services",
                    HCC,
                    D(2015, 3, 31),
                    OFF,
                ),
            ),
        ),
    ),
    strategies=(
        StrategyData(
            "Hertfordshire Environmental Forum",
            "The eleven principal Hertfordshire local authorities plus regulators such as the Environment Agency.",
        ),
        StrategyData("Hertfordshire Waste Partnership and Waste Aware"),
        StrategyData("Dacorum Green Business Club"),
        StrategyData("Bio Diversity Action Plan", "Hertfordshire's plan for the habitats and species of the county."),
    ),
    indicators=(
        IndicatorData(
            code="EN-01",
            title="Air quality monitoring sites meeting the nitrogen dioxide objective",
            definition="The percentage of the Council's nitrogen dioxide monitoring sites (diffusion tubes and "
            "the continuous analyser) whose bias-adjusted annual mean concentration is at or below the national "
            "air quality objective of 40 µg/m³. Calendar-year results, reported to DEFRA in the annual air "
            "quality progress report and recorded in Q4 of the financial year in which the calendar year ends.",
            unit=PERCENT,
            polarity=HIGHER,
            source="DEFRA local air quality management: Dacorum Borough Council monitoring",
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 78, 2008: 73, 2011: 76, 2014: 83}, noise=0.02),
            targets=TargetPlan(absolute={2004: 80, 2009: 85, 2014: 90}),
            objectives=(4,),
            off_target_note="Exceedances remain at the Lawn Lane and London Road sites.",
        ),
        IndicatorData(
            code="EN-02",
            title="River length in good ecological status",
            definition="The percentage of the length of main rivers in Dacorum (the Gade, Bulbourne and Ver and "
            "their tributaries) classified as good or better. Until 2008 the Environment Agency's General Quality "
            "Assessment of biology (grades A and B); from 2009 good ecological status under the Water Framework "
            "Directive. Recorded annually in Q4.",
            unit=PERCENT,
            polarity=HIGHER,
            source="Environment Agency river classification",
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 55, 2008: 60, 2009: 52, 2014: 66.5}, noise=0.02),
            targets=TargetPlan(absolute={2004: 55, 2008: 62, 2009: 52, 2014: 65}),
            objectives=(2,),
        ),
        IndicatorData(
            code="EN-03",
            title="Local Wildlife Sites in positive conservation management",
            definition="The percentage of Local Wildlife Sites in Dacorum where positive conservation management "
            "has been, or is being, carried out in the last five years, as assessed by the Hertfordshire "
            "Biological Records Centre. Recorded annually in Q4.",
            unit=PERCENT,
            polarity=HIGHER,
            source="Hertfordshire Biological Records Centre",
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 28, 2010: 44, 2014: 56.5}, noise=0.015),
            targets=TargetPlan(absolute={2004: 30, 2014: 55}),
            objectives=(2,),
        ),
        IndicatorData(
            code="EN-04",
            title="Streets and relevant land with unacceptable levels of litter and detritus",
            definition="The percentage of surveyed sites of relevant land and highway falling below grade B "
            "(‘predominantly free of litter and refuse’) for litter and detritus, using the Keep Britain Tidy "
            "survey method (formerly BVPI 199a). Each quarter 300 randomly chosen transects are inspected "
            "across the Borough, at least ten in every ward.",
            unit=PERCENT,
            decimal_places=1,
            polarity=LOWER,
            source="Dacorum Borough Council street cleanliness surveys",
            by_ward=True,
            max_value=100,
            series=SeriesPlan(
                {2004: 19.0, 2007: 13.5, 2010: 9.5, 2014: 7.8},
                noise=0.06,
                seasonality=(1.0, 1.08, 1.04, 0.9),
                ward_gradient=1.1,
                ward_noise=0.15,
            ),
            targets=TargetPlan(absolute={2004: 18, 2008: 12, 2014: 8}),
            objectives=(0,),
            ward_values_need_caution=True,
        ),
        IndicatorData(
            code="EN-05",
            title="Household waste sent for reuse, recycling and composting",
            definition="The percentage of household waste collected by or on behalf of the Council that is sent "
            "for reuse, recycling, composting or anaerobic digestion (formerly BVPI 82a+b, later NI 192), by "
            "weight, as reported to WasteDataFlow.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source="WasteDataFlow (DEFRA)",
            max_value=100,
            series=SeriesPlan(
                {2004: 18.5, 2006: 31.0, 2009: 42.0, 2012: 49.5, 2014: 52.5},
                noise=0.015,
                seasonality=(1.04, 1.03, 0.98, 0.95),
            ),
            targets=TargetPlan(absolute={2004: 20, 2006: 30, 2009: 40, 2014: 50}),
            objectives=(0, 1),
        ),
        IndicatorData(
            code="EN-06",
            title="Residents satisfied with the cleanliness of their area",
            definition="The percentage of Citizens' Panel respondents who are ‘very’ or ‘fairly’ satisfied with "
            "how clean their local area is kept, from the annual Citizens' Panel Survey (reported in Q4). "
            "Weighted to the population; ward figures rest on small samples.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source=CITIZENS_PANEL,
            frequency=ANNUAL,
            by_ward=True,
            max_value=100,
            series=SeriesPlan({2004: 58, 2008: 64, 2014: 71}, noise=0.015, ward_gradient=0.3, ward_noise=0.05),
            targets=TargetPlan(absolute={2004: 58, 2014: 70}),
            objectives=(0,),
            ward_values_need_caution=True,
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "Recycling is ahead of profile for the quarter; the garden waste service continues to grow.",
            "Street cleanliness surveys were completed in every ward; hot spots were passed to the ward teams.",
            "The forum reviewed the air quality progress report and the action plan for the Air Quality "
            "Management Areas.",
        ),
        achievements=(
            "Twelve more schools achieved Eco-Schools status.",
            "Fly-tips were removed within 24 hours in 96% of cases.",
            "Volunteers cleared two kilometres of the River Bulbourne.",
        ),
        risks=(
            "Recycling credit income falls as material prices drop.",
            "Nitrogen dioxide remains above the objective at two roadside sites.",
        ),
        case_studies=(
            "Pupils at a Tring primary school surveyed litter around their school and persuaded two takeaways "
            "to sponsor new bins.",
        ),
    ),
)

HEALTH = ThemeData(
    number=3,
    title="Improving Social Care and Health",
    slug="improving-social-care-and-health",
    vision="Eliminating social care and health inequalities by working together to provide a healthier and "
    "more caring environment where all people can live a more independent, safe and fulfilling life.",
    summary="Led by the Dacorum Health, Care and Community Partnership (Dacorum Primary Care Trust, the health "
    "trusts, the voluntary sector, and Hertfordshire County and Dacorum Borough Councils), working with the Early "
    "Years District Partnership (Dacorum Borough and Hertfordshire County Councils and organisations from the "
    "voluntary and private sectors).",
    lead_forum=HEALTH_FORUM,
    partners=(PCT, "West Hertfordshire Hospitals NHS Trust", HCC, DBC, CVS, "Age Concern Dacorum"),
    outcomes=(
        "More provision for young people, e.g. community clinics and clubs",
        "Better education on health and social care issues for parents and children, through greater links "
        "between health and education",
        "Local, relevant services tailored to the whole community, now and in the future",
        "Listening to and respecting individuals rather than stereotyping them, and encouraging their "
        "involvement and responsibility in decision making",
        "Localised health support for individuals after diagnosis",
    ),
    achievements=(
        AchievementData(
            "Projects at Highfield aimed at reducing inequalities in health care are being led by a multi-agency group."
        ),
        AchievementData(
            "Over 400 smokers were successful in quitting their habit through services provided by Dacorum Primary "
            "Care Trust."
        ),
        AchievementData(
            "A project at Highview Lodge aimed at enabling older people to avoid long-stay residential care and "
            "return to their own homes is on target."
        ),
        AchievementData(
            "Increased services to enable older people and those with special needs to remain independent at home."
        ),
    ),
    objectives=(
        ObjectiveData(
            "Identifying existing inequalities by talking to skilled people, collecting and analysing information",
            PCT,
            D(2009, 3, 31),
            DONE,
            "The joint health and wellbeing profile for Dacorum is refreshed every year, with ward detail.",
            (
                ActionData("Publish a health inequalities profile of Dacorum's wards", PCT, D(2006, 3, 31), DONE),
                ActionData(
                    "Agree a shared data set with the County Council and the Borough Council", HCC, D(2008, 3, 31), DONE
                ),
            ),
        ),
        ObjectiveData(
            "Providing integrated service delivery through one-stop shops, multi-tasking teams and sharing "
            "learning across organisations",
            PCT,
            D(2013, 3, 31),
            DONE,
            "Integrated health and social care teams for older people are based in three localities.",
            (
                ActionData(
                    "Open a health and advice one-stop shop at the Highfield community centre",
                    PCT,
                    D(2007, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Form integrated health and social care teams for older people in each locality",
                    HCC,
                    D(2011, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Run joint training for front-line staff across partner organisations", CVS, D(2013, 3, 31), DONE
                ),
            ),
        ),
        ObjectiveData(
            "Providing more care in the community",
            HCC,
            D(2015, 3, 31),
            ON,
            "More older people are supported at home; the reablement service now takes referrals from GPs.",
            (
                ActionData(
                    "Extend the Highview Lodge reablement model to the whole Borough", HCC, D(2009, 3, 31), DONE
                ),
                ActionData(
                    "Provide a hospital-at-home service to avoid emergency admissions of older people",
                    "West Hertfordshire Hospitals NHS Trust",
                    D(2013, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Fund Age Concern's home-from-hospital volunteers", "Age Concern Dacorum", D(2015, 3, 31), ON
                ),
            ),
        ),
        ObjectiveData(
            "Prioritising current issues by involving the community, particularly young people",
            PCT,
            D(2015, 3, 31),
            RISK,
            "Involvement fell when the PCT's patient forums were replaced; the new Healthwatch arrangements are "
            "still bedding in.",
            (
                ActionData("Set up a young people's health panel with the Youth Council", PCT, D(2008, 3, 31), DONE),
                ActionData(
                    "Keep a local patient and public involvement network through the NHS changes",
                    CVS,
                    D(2015, 3, 31),
                    RISK,
                ),
            ),
        ),
    ),
    strategies=(
        StrategyData(
            "Dacorum Health, Care and Community Partnership",
            "Dacorum Primary Care Trust, the health trusts, the voluntary sector, and Hertfordshire County and "
            "Dacorum Borough Councils.",
        ),
        StrategyData(
            "Early Years District Partnership",
            "Dacorum Borough and Hertfordshire County Councils and organisations from the voluntary and private "
            "sectors.",
        ),
    ),
    indicators=(
        IndicatorData(
            code="HC-01",
            title="Low birth weight babies",
            definition="The percentage of live births to Dacorum residents in the calendar year with a recorded "
            "birth weight under 2,500 g. Births with no recorded weight are left out of the denominator. "
            "Recorded annually in Q4.",
            unit=PERCENT,
            decimal_places=1,
            polarity=LOWER,
            source="ONS birth registrations",
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 7.3, 2009: 6.9, 2014: 6.6}, noise=0.015),
            targets=TargetPlan(absolute={2004: 7.2, 2014: 6.5}),
            objectives=(0,),
        ),
        IndicatorData(
            code="HC-02",
            title="Life expectancy at birth — males",
            definition="Period life expectancy at birth for males resident in Dacorum, in years, calculated by "
            "ONS from deaths and mid-year population estimates over the three calendar years ending in the "
            "reporting year. Recorded annually in Q4.",
            unit=Unit.YEARS,
            decimal_places=1,
            polarity=HIGHER,
            source="ONS life expectancy at birth (three-year pooled)",
            frequency=ANNUAL,
            min_value=60,
            max_value=100,
            series=SeriesPlan({2004: 78.6, 2014: 80.9}, noise=0.002),
            targets=TargetPlan(absolute={2004: 78.5, 2014: 80.5}),
            objectives=(0, 2),
        ),
        IndicatorData(
            code="HC-03",
            title="Life expectancy at birth — females",
            definition="Period life expectancy at birth for females resident in Dacorum, in years, calculated by "
            "ONS from deaths and mid-year population estimates over the three calendar years ending in the "
            "reporting year. Recorded annually in Q4.",
            unit=Unit.YEARS,
            decimal_places=1,
            polarity=HIGHER,
            source="ONS life expectancy at birth (three-year pooled)",
            frequency=ANNUAL,
            min_value=60,
            max_value=100,
            series=SeriesPlan({2004: 82.4, 2014: 84.0}, noise=0.002),
            targets=TargetPlan(absolute={2004: 82.5, 2014: 84.5}),
            objectives=(0, 2),
        ),
        IndicatorData(
            code="HC-04",
            title="Deaths under 75 from circulatory diseases",
            definition="Deaths of Dacorum residents aged under 75 with an underlying cause of circulatory "
            "disease (ICD-10 I00–I99), per 100,000 population, directly age-standardised to the European "
            "Standard Population, three-year pooled. Recorded annually in Q4.",
            unit=Unit.RATE_PER_100000,
            decimal_places=1,
            polarity=LOWER,
            source="ONS mortality statistics (via the Public Health Observatory)",
            frequency=ANNUAL,
            series=SeriesPlan({2004: 92.0, 2009: 72.0, 2014: 57.5}, noise=0.02),
            targets=TargetPlan(absolute={2004: 95, 2010: 70, 2014: 60}),
            objectives=(0, 1),
        ),
        IndicatorData(
            code="HC-05",
            title="Older people helped to live at home",
            definition="The number of people aged 65 or over living in Dacorum and receiving community-based "
            "social care services funded or arranged by the County Council on the last day of the quarter, per "
            "1,000 residents aged 65 or over (formerly PAF C32).",
            unit=Unit.RATE_PER_1000,
            decimal_places=1,
            polarity=HIGHER,
            source="Hertfordshire County Council Adult Care Services",
            series=SeriesPlan({2004: 78.0, 2009: 88.0, 2014: 96.5}, noise=0.015),
            targets=TargetPlan(absolute={2004: 80, 2014: 95}),
            objectives=(2, 1),
        ),
        IndicatorData(
            code="HC-06",
            title="People taking part in local health service involvement activities",
            definition="The number of attendances by members of the public at patient and public involvement "
            "activities for local health services in Dacorum in the quarter: patient forum meetings, patient "
            "participation groups, consultation events and focus groups. Each quarter's own count is recorded; "
            "the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum PCT patient and public involvement records (from 2013, Healthwatch Hertfordshire)",
            cumulative=True,
            series=SeriesPlan({2004: 220, 2007: 310, 2009: 250, 2012: 380, 2013: 300, 2014: 330}, noise=0.08),
            targets=TargetPlan(absolute={2004: 200, 2008: 320, 2014: 400}),
            objectives=(3,),
            off_target_note="Involvement fell with the change to Healthwatch; new patient groups are being formed.",
        ),
        IndicatorData(
            code="HC-07",
            title="Smokers who have quit at four weeks through NHS Stop Smoking Services",
            definition="The number of Dacorum residents who set a quit date with NHS Stop Smoking Services and "
            "were not smoking four weeks later (self-reported, confirmed by a carbon monoxide reading where "
            "possible), counted in the quarter in which the four-week follow-up falls. Each quarter's own count "
            "is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="NHS Stop Smoking Services returns",
            cumulative=True,
            series=SeriesPlan(
                {2004: 520, 2008: 860, 2011: 1020, 2013: 880, 2014: 770},
                noise=0.05,
                seasonality=(0.85, 0.85, 0.9, 1.4),
            ),
            targets=TargetPlan(absolute={2004: 450, 2008: 850, 2011: 1000, 2014: 950}),
            objectives=(2,),
            off_target_note="Fewer smokers are using the service as e-cigarettes spread; GP referral is being "
            "promoted.",
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "The partnership reviewed the ward health profile and agreed to focus on Highfield and Grovehill.",
            "Integrated teams report fewer emergency admissions of older people than last year.",
            "Stop Smoking Services ran clinics in five pharmacies and two workplaces.",
        ),
        achievements=(
            "The reablement service supported 140 people home from hospital this quarter.",
            "A young people's drop-in clinic opened at the Hemel Hempstead youth centre.",
        ),
        risks=(
            "Changes to NHS commissioning may disrupt local involvement arrangements.",
            "Winter pressures on hospital beds.",
        ),
        case_studies=(
            "After a fall, an 84-year-old Bennetts End resident returned home within a week with reablement "
            "support instead of moving into residential care.",
        ),
    ),
)

EMPLOYMENT = ThemeData(
    number=4,
    title="Ensuring Easy Access to Local Employment",
    slug="ensuring-easy-access-to-local-employment",
    vision="Building a flourishing and sustainable local economy to enhance the life of those living and working "
    "in and visiting Dacorum, by enabling businesses to work together more effectively, supporting business "
    "development opportunities, and encouraging full employment through training and development.",
    summary="Business networks with the private sector (Herts Business Link, the Hertfordshire Chamber of "
    "Commerce and Industry, the Dacorum Green Business Club and B2E (Business to Education)), Dacorum Borough and "
    "Hertfordshire County Councils, and businesses located or seeking to locate within the area; Wenta Business "
    "Services; the Herts Prosperity Forum and the East of England Development Agency. Linked to the Herts "
    "Economic Development Strategy and the Regional Economic Strategy.",
    lead_forum=BUSINESS_FORUM,
    partners=(
        "Dacorum Business Networks",
        WENTA,
        "Hertfordshire Chamber of Commerce and Industry",
        "Herts Business Link",
        "Dacorum Green Business Club",
        "B2E (Business to Education)",
        DBC,
        HCC,
        "East of England Development Agency",
    ),
    outcomes=(
        "Strong links between business and education",
        "Affordable housing",
        "Dacorum is branded as the place for business to locate and flourish",
        "Entrepreneurship is encouraged, and small and micro businesses are supported and helped to grow",
        "Quality, well-paid jobs with flexible working arrangements for everyone",
    ),
    achievements=(
        AchievementData(
            "Promotion of the Dacorum Business Contact Centre, which is working as a seamless service available to "
            "all businesses in the Borough."
        ),
        AchievementData(
            "Wenta Business Services (the local enterprise agency) doubled the targets set in its service level "
            "agreement for the first 12 months, giving guidance and advice on business issues and business start-up, "
            "with appropriate referral, to 512 people."
        ),
        AchievementData(
            "Set up the Business Contact Centre “one stop shop” for business needs in partnership with other agencies."
        ),
    ),
    objectives=(
        ObjectiveData(
            "Attracting and retaining a range of diverse businesses to the Borough",
            DBC,
            D(2015, 3, 31),
            ON,
            "Maylands Business Park regeneration after the Buncefield explosion has brought new firms in.",
            (
                ActionData(
                    "Support businesses displaced by the Buncefield explosion to stay in Dacorum",
                    DBC,
                    D(2007, 3, 31),
                    DONE,
                ),
                ActionData("Adopt the Maylands Masterplan for the business park", DBC, D(2007, 12, 31), DONE),
                ActionData(
                    "Run an inward-investment campaign with a single Dacorum business brand",
                    "Dacorum Business Networks",
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
        ObjectiveData(
            "Encouraging the best conditions for business in terms of infrastructure",
            HCC,
            D(2015, 3, 31),
            RISK,
            "Superfast broadband is reaching the business park later than planned.",
            (
                ActionData("Improve junction 8 of the M1 and the Maylands Avenue approach", HCC, D(2013, 3, 31), DONE),
                ActionData(
                    "Bring superfast broadband to Maylands and the rural business centres",
                    HCC,
                    D(2015, 3, 31),
                    RISK,
                ),
            ),
        ),
        ObjectiveData(
            "Raising Dacorum's image and identity by improving the physical environment, celebrating success and "
            "increasing pride in local identity",
            DBC,
            D(2015, 3, 31),
            ON,
            "The Dacorum Business Awards run every year; Hemel Hempstead town centre works are under way.",
            (
                ActionData("Hold annual Dacorum Business Awards", "Dacorum Business Networks", D(2008, 3, 31), DONE),
                ActionData(
                    "Deliver the Hemel Hempstead town centre regeneration (Water Gardens and Marlowes)",
                    DBC,
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
        ObjectiveData(
            "Improving business–education links by establishing a formal partnership between schools and local "
            "companies",
            "B2E (Business to Education)",
            D(2010, 3, 31),
            DONE,
            "Every secondary school has a business partner; 120 firms offer work experience.",
            (
                ActionData(
                    "Match every secondary school with a business partner",
                    "B2E (Business to Education)",
                    D(2008, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Create a work-experience placement register shared by schools and the college",
                    COLLEGE,
                    D(2010, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Affordable housing to match the level of jobs created",
            DBC,
            D(2015, 3, 31),
            RISK,
            "Affordable completions have not kept pace with new jobs at Maylands.",
            (
                ActionData(
                    "Include key-worker and affordable housing in the Core Strategy's growth areas",
                    DBC,
                    D(2013, 9, 30),
                    DONE,
                ),
                ActionData(
                    "Agree an employer-linked housing scheme with registered providers", RSL, D(2015, 3, 31), RISK
                ),
            ),
        ),
    ),
    strategies=(
        StrategyData(
            "Business Networks with the Private Sector",
            "Herts Business Link, the Hertfordshire Chamber of Commerce and Industry, the Dacorum Green Business "
            "Club and B2E (Business to Education), Dacorum Borough and Hertfordshire County Councils, and "
            "businesses located or seeking to locate within the area.",
        ),
        StrategyData("Wenta Business Services", "The local enterprise agency's service level agreement."),
        StrategyData("Herts Prosperity Forum and East of England Development Agency"),
        StrategyData("Herts Economic Development Strategy"),
        StrategyData("Regional Economic Strategy"),
    ),
    indicators=(
        IndicatorData(
            code="EM-01",
            title="Working-age residents in employment",
            definition="The percentage of Dacorum residents of working age (16–64) who are in employment "
            "(employees and self-employed), from the ONS Annual Population Survey for the twelve months to "
            "December. Recorded annually in Q4. Estimates for a district carry a confidence interval of about "
            "±3 percentage points.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source="ONS Annual Population Survey",
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 79.5, 2008: 80.2, 2010: 75.6, 2012: 76.8, 2014: 78.3}, noise=0.006),
            targets=TargetPlan(absolute={2004: 80, 2014: 80}),
            objectives=(0, 3),
            off_target_note="Employment is recovering from the recession but remains below the pre-2008 rate.",
        ),
        IndicatorData(
            code="EM-02",
            title="Claimant count unemployment rate",
            definition="The number of Dacorum residents claiming Jobseeker's Allowance (from 2013, also Universal "
            "Credit claimants required to seek work) on the count date in the last month of the quarter, as a "
            "percentage of residents aged 16–64 (ONS mid-year estimates). Wards use the same method with ward "
            "populations.",
            unit=PERCENT,
            decimal_places=1,
            polarity=LOWER,
            source="ONS claimant count (Nomis)",
            source_url="https://www.nomisweb.co.uk/",
            by_ward=True,
            max_value=100,
            series=SeriesPlan(
                {2004: 1.7, 2007: 1.8, 2008: 2.2, 2009: 3.4, 2011: 3.0, 2012: 3.1, 2013: 2.4, 2014: 1.6},
                noise=0.03,
                seasonality=(0.98, 1.0, 0.98, 1.04),
                ward_gradient=1.4,
                ward_noise=0.06,
            ),
            targets=TargetPlan(absolute={2004: 1.8, 2008: 1.9, 2009: 3.0, 2012: 2.8, 2014: 2.0}),
            objectives=(0, 3),
            off_target_note="Unemployment rose sharply with the recession; Jobcentre Plus and Wenta are running "
            "extra job clubs.",
        ),
        IndicatorData(
            code="EM-03",
            title="Businesses registered in the Borough",
            definition="The number of enterprises with a local unit in Dacorum registered for VAT or PAYE, from "
            "the Inter-Departmental Business Register as at March. Measures business retention and growth: "
            "firms moving in and starting up, less those moving out and closing. Recorded annually in Q4.",
            unit=COUNT,
            polarity=HIGHER,
            source="ONS UK Business Counts (Inter-Departmental Business Register)",
            frequency=ANNUAL,
            series=SeriesPlan({2004: 5650, 2008: 6120, 2010: 5930, 2014: 6560}, noise=0.004),
            targets=TargetPlan(absolute={2004: 5600}, percent_change={2005: 1.5, 2009: 0.5, 2011: 1.5}),
            objectives=(0, 1),
        ),
        IndicatorData(
            code="EM-04",
            title="New businesses started with Wenta support",
            definition="The number of new businesses started in the quarter by people who received start-up "
            "advice or training from Wenta Business Services, counted when the business starts trading. Each "
            "quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Wenta Business Services monitoring returns",
            cumulative=True,
            series=SeriesPlan({2004: 132, 2009: 178, 2014: 216}, noise=0.04),
            targets=TargetPlan(absolute={2004: 128, 2014: 200}),
            objectives=(0,),
        ),
        IndicatorData(
            code="EM-05",
            title="New businesses still trading after three years",
            definition="Of the enterprises born in Dacorum three years earlier, the percentage still active, "
            "from ONS Business Demography. Recorded annually in Q4.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source="ONS Business Demography",
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 64.0, 2009: 59.5, 2014: 62.5}, noise=0.01),
            targets=TargetPlan(absolute={2004: 65, 2014: 65}),
            objectives=(0, 1),
        ),
        IndicatorData(
            code="EM-06",
            title="Businesses taking part in Dacorum Business Networks events and consultations",
            definition="The number of distinct businesses that attended a Dacorum Business Networks event, "
            "forum or consultation in the quarter. Each quarter's own count is recorded; the year to date is "
            "their sum (a business attending in two quarters is counted in both).",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Business Networks attendance records",
            cumulative=True,
            series=SeriesPlan({2004: 180, 2010: 330, 2014: 420}, noise=0.08),
            targets=TargetPlan(absolute={2004: 160, 2014: 400}),
            objectives=(2,),
        ),
        IndicatorData(
            code="EM-07",
            title="Jobs created or safeguarded through partnership support",
            definition="The number of full-time-equivalent jobs created or safeguarded in the quarter in "
            "businesses given financial or advisory support by the partners, as confirmed by the business six "
            "months after support. Each quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Borough Council economic development monitoring",
            cumulative=True,
            series=SeriesPlan({2004: 240, 2008: 330, 2009: 190, 2011: 260, 2014: 455}, noise=0.07),
            targets=TargetPlan(absolute={2004: 250, 2008: 320, 2009: 250, 2014: 400}),
            objectives=(0, 4),
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "The Business Contact Centre handled enquiries from 240 businesses; most were about premises and planning.",
            "Wenta ran start-up workshops every fortnight, all of them fully booked.",
            "The Maylands partnership board met; two new firms have signed leases.",
        ),
        achievements=(
            "The Dacorum Business Awards attracted a record number of entries.",
            "Forty businesses signed up to the work-experience register.",
        ),
        risks=(
            "Vacant office space on the business park.",
            "Superfast broadband delays for rural businesses.",
        ),
        case_studies=(
            "A Hemel Hempstead caterer who started with Wenta's help in a spare room now employs eleven people "
            "and supplies three schools.",
        ),
    ),
)

LEARNING = ThemeData(
    number=5,
    title="Delivering Lifelong Learning",
    slug="delivering-lifelong-learning",
    vision="Creating an inspired and involved learning community by supporting individuals, communities and "
    "local employers, to enable those who live and work in Dacorum to maximise their full potential.",
    summary="Led by the Dacorum Learning Forum: West Herts College, Dacorum Borough and Hertfordshire County "
    "Councils, schools, and voluntary and private sector education providers.",
    lead_forum=LEARNING_FORUM,
    partners=(COLLEGE, DBC, HCC, CVS),
    outcomes=(
        "Total involvement with no barriers",
        "Local provision of community-based learning",
        "Training in skills for life",
        "Better quality of life through raising aspirations and supplying information, advice and guidance",
        "Active business involvement",
        "Access to community schools",
        "Accessible and suitable education and training",
    ),
    achievements=(
        AchievementData(
            "More than one hundred free ‘taster’ bite-size courses for adults — from basic building maintenance and "
            "plastering to creating a website — were run by partners in Dacorum Learning Forum."
        ),
        AchievementData(
            "The Paradise Furniture project, the Cultural Learning Project and Highfield Carnival Club all received "
            "funding from the Government-backed Neighbourhood Learning in Deprived Communities programme: a 100% "
            "success rate in bidding."
        ),
    ),
    objectives=(
        ObjectiveData(
            "Changing perceptions of learning and teaching, and valuing all learning, including non-academic learning",
            COLLEGE,
            D(2012, 3, 31),
            DONE,
            "Adult Learners' Week celebrations are held every May, with learner awards.",
            (
                ActionData(
                    "Hold an Adult Learners' Week celebration and learner awards every May",
                    COLLEGE,
                    D(2006, 5, 31),
                    DONE,
                ),
                ActionData("Publish learners' stories in the Council's residents' magazine", DBC, D(2012, 3, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Providing access to learning for all communities, and encouraging the support and use of school "
            "resources in the process",
            HCC,
            D(2015, 3, 31),
            ON,
            "Twelve schools host evening community learning.",
            (
                ActionData(
                    "Open school premises for evening community learning in every town", HCC, D(2010, 3, 31), DONE
                ),
                ActionData(
                    "Run outreach courses in Highfield, Grovehill and Adeyfield community centres",
                    COLLEGE,
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
        ObjectiveData(
            "Sustaining the provision of learning opportunities by maintaining funding flexibility and joined-up "
            "thinking",
            HCC,
            D(2015, 3, 31),
            OFF,
            "Adult community learning funding has been cut three years running; enrolments are falling.",
            (
                ActionData(
                    "Pool partners' bids for Neighbourhood Learning and Skills Funding Agency money",
                    HCC,
                    D(2011, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Find new funding for taster courses after the end of the Learning and Skills Council grant",
                    CVS,
                    D(2015, 3, 31),
                    OFF,
                ),
            ),
        ),
        ObjectiveData(
            "Providing a variety of learning styles to appeal to a wide range of communities and individuals",
            COLLEGE,
            D(2013, 3, 31),
            DONE,
            "Online and blended courses now make up a fifth of provision.",
            (
                ActionData(
                    "Offer online and blended options for the most popular courses", COLLEGE, D(2011, 9, 30), DONE
                ),
                ActionData("Run family learning in children's centres", HCC, D(2013, 3, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Involving and engaging the community in the decision-making process",
            COLLEGE,
            D(2014, 3, 31),
            ON,
            "A learners' panel advises the forum twice a year.",
            (
                ActionData("Set up a learners' panel to advise the forum", COLLEGE, D(2008, 3, 31), DONE),
                ActionData("Survey non-learners about what stops them taking up courses", DBC, D(2014, 3, 31), ON),
            ),
        ),
        ObjectiveData(
            "Involving businesses in addressing skills shortages",
            COLLEGE,
            D(2015, 3, 31),
            RISK,
            "Apprenticeship starts are up, but engineering and care employers still report shortages.",
            (
                ActionData(
                    "Run a skills-shortage survey of Dacorum employers every two years",
                    "Dacorum Business Networks",
                    D(2009, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Create 100 apprenticeships with local employers",
                    COLLEGE,
                    D(2015, 3, 31),
                    RISK,
                ),
            ),
        ),
    ),
    strategies=(
        StrategyData(
            "Dacorum Learning Forum",
            "West Herts College, Dacorum Borough and Hertfordshire County Councils, schools, and voluntary and "
            "private sector education providers.",
        ),
        StrategyData("Neighbourhood Learning in Deprived Communities programme"),
    ),
    indicators=(
        IndicatorData(
            code="LL-01",
            title="Adults enrolled on community learning courses",
            definition="The number of enrolments by adults (19 or over) on non-accredited and first-step "
            "community learning courses in Dacorum that started in the quarter, including free taster courses. "
            "A learner on two courses counts twice. Each quarter's own count is recorded; the year to date is "
            "their sum. Shows how effective the partners' events and publicity for learning are.",
            unit=COUNT,
            polarity=HIGHER,
            source="Hertfordshire Adult and Family Learning Service and West Herts College enrolment records",
            cumulative=True,
            series=SeriesPlan(
                {2004: 3400, 2009: 3950, 2011: 3650, 2014: 3150},
                noise=0.04,
                seasonality=(0.75, 1.35, 1.05, 0.85),
            ),
            targets=TargetPlan(absolute={2004: 3300, 2009: 3900, 2014: 3800}),
            objectives=(1, 2),
            off_target_note="Enrolments are down after the cut in adult community learning funding.",
        ),
        IndicatorData(
            code="LL-02",
            title="Adults gaining a Skills for Life qualification",
            definition="The number of Dacorum residents aged 19 or over who achieved a nationally recognised "
            "literacy, numeracy or ESOL (Skills for Life) qualification at entry level, level 1 or level 2 in "
            "the quarter. Each quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Individualised Learner Record (Skills Funding Agency)",
            cumulative=True,
            series=SeriesPlan({2004: 260, 2009: 470, 2014: 525}, noise=0.06, seasonality=(1.35, 0.7, 0.85, 1.1)),
            targets=TargetPlan(absolute={2004: 250, 2009: 450, 2014: 500}),
            objectives=(1, 3),
        ),
        IndicatorData(
            code="LL-03",
            title="Schools, community groups and businesses providing learning through Dacorum Learning Forum",
            definition="The number of schools, community and voluntary groups and businesses that delivered or "
            "hosted at least one learning activity co-ordinated through Dacorum Learning Forum in the quarter, "
            "counted at the end of the quarter.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Learning Forum records",
            series=SeriesPlan({2004: 22, 2010: 38, 2014: 48}, noise=0.06),
            targets=TargetPlan(absolute={2004: 20, 2014: 45}),
            objectives=(1, 5),
        ),
        IndicatorData(
            code="LL-04",
            title="Learning projects set up in partnership",
            definition="The number of new learning projects started in the quarter that involve at least two "
            "partner organisations and address an identified learning need (for example basic skills, ESOL or "
            "digital skills). Each quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Learning Forum records",
            cumulative=True,
            series=SeriesPlan({2004: 8, 2010: 12, 2014: 13}, noise=0.3),
            targets=TargetPlan(absolute={2004: 8, 2014: 12}),
            objectives=(2, 4),
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "Autumn enrolments were strong at the college's outreach centres.",
            "The forum agreed a shared programme of taster courses for the year.",
            "Family learning ran in six children's centres.",
        ),
        achievements=(
            "Forty learners received awards during Adult Learners' Week.",
            "A new digital skills project started at Highfield library.",
        ),
        risks=("Further cuts to adult community learning funding.", "Loss of venues as community centres close."),
        case_studies=(
            "A Gadebridge resident who joined a taster plastering course went on to an NVQ and now runs her own "
            "business.",
        ),
    ),
)

HOUSING = ThemeData(
    number=6,
    title="Meeting Housing Need",
    slug="meeting-housing-need",
    vision="Maximising affordable housing and providing opportunities for people to live in quality homes in "
    "communities they value.",
    summary="The Dacorum Partnership of registered social landlords, the Rural Housing Enabler and private "
    "developers, working to Dacorum's Housing Strategy 2004–07, the Regional Housing Strategy, and the "
    "Homelessness Strategy and its monitoring group.",
    lead_forum=HOUSING_FORUM,
    partners=(DBC, RSL, "Rural Housing Enabler", HCC),
    outcomes=(
        "Affordable homes in the right places",
        "Appropriately sized homes",
        "Socially supported housing for older, younger and special groups",
        "A mix of available housing: ownership and rental accommodation",
        "Easy access to housing",
        "Creation of communities rather than housing estates",
    ),
    achievements=(
        AchievementData("90 units of affordable housing completed by March 2004.", D(2004, 3, 31)),
        AchievementData("Housing Needs Survey completed in January 2004.", D(2004, 1, 31)),
        AchievementData("Homelessness Strategy completed and launched in 2003.", D(2003, 7, 1)),
        AchievementData("13 new units for rent to key workers completed in April 2004.", D(2004, 4, 30)),
        AchievementData("The successful Choice Based Lettings pilot programme is continuing."),
    ),
    objectives=(
        ObjectiveData(
            "Creating and maintaining communities by creative design in new build, financial support for voluntary "
            "and community groups, and expansion of the choice-based housing lettings scheme",
            DBC,
            D(2009, 3, 31),
            DONE,
            "Choice-based lettings cover all the Council's and housing associations' lettings.",
            (
                ActionData(
                    "Extend choice-based lettings to all housing association lettings in Dacorum",
                    DBC,
                    D(2007, 3, 31),
                    DONE,
                ),
                ActionData("Adopt a residential design guide for new estates", DBC, D(2009, 3, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Providing housing types that meet changing social patterns, by re-examining hard-to-let property and "
            "building adaptable homes",
            DBC,
            D(2012, 3, 31),
            DONE,
            "Two hard-to-let sheltered schemes were remodelled as extra-care housing.",
            (
                ActionData(
                    "Review hard-to-let sheltered schemes and remodel two as extra-care housing",
                    DBC,
                    D(2011, 3, 31),
                    DONE,
                ),
                ActionData("Require Lifetime Homes standards on new affordable homes", DBC, D(2012, 3, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Developing an Affordable Housing Strategy for Dacorum that builds on the results of Dacorum's Housing "
            "Needs Survey",
            DBC,
            D(2006, 3, 31),
            DONE,
            "Adopted in 2005 and refreshed with the 2008 Strategic Housing Market Assessment.",
            (
                ActionData("Adopt an Affordable Housing Strategy", DBC, D(2005, 12, 31), DONE),
                ActionData(
                    "Refresh the evidence through a Strategic Housing Market Assessment", DBC, D(2008, 12, 31), DONE
                ),
            ),
        ),
        ObjectiveData(
            "Investigating a range of funding opportunities with partners for existing affordable housing sites",
            RSL,
            D(2015, 3, 31),
            RISK,
            "Grant rates fell sharply from 2011; the Council has started building its own homes again.",
            (
                ActionData(
                    "Bid jointly with housing associations to the Housing Corporation programme",
                    RSL,
                    D(2008, 3, 31),
                    DONE,
                ),
                ActionData("Start a Council new-build programme using Right to Buy receipts", DBC, D(2015, 3, 31), ON),
            ),
        ),
        ObjectiveData(
            "Working with planning agents and private developers to maximise the potential for affordable housing "
            "on local sites",
            DBC,
            D(2015, 3, 31),
            ON,
            "The 35% affordable housing policy is applied on all qualifying sites.",
            (
                ActionData(
                    "Apply a 35% affordable housing requirement on sites of 15 or more homes",
                    DBC,
                    D(2006, 3, 31),
                    DONE,
                ),
                ActionData("Hold a developers' forum twice a year on viability and design", DBC, D(2015, 3, 31), ON),
            ),
        ),
        ObjectiveData(
            "Better use of existing housing stock",
            DBC,
            D(2014, 3, 31),
            DONE,
            "Over 150 empty homes brought back into use; a downsizing incentive scheme runs for tenants.",
            (
                ActionData("Bring 150 long-term empty private homes back into use", DBC, D(2012, 3, 31), DONE),
                ActionData(
                    "Offer tenants under-occupying family homes help to move to smaller homes",
                    DBC,
                    D(2014, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Reducing the effect of homelessness on families and vulnerable people",
            DBC,
            D(2015, 3, 31),
            RISK,
            "Prevention work is strong, but acceptances and temporary accommodation rose again in 2014/15.",
            (
                ActionData(
                    "End the use of bed and breakfast for families with children, except in emergencies",
                    DBC,
                    D(2006, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Halve the number of households in temporary accommodation by 2010", DBC, D(2010, 3, 31), DONE
                ),
                ActionData("Set up a rent deposit scheme with private landlords", DBC, D(2015, 3, 31), RISK),
            ),
        ),
        ObjectiveData(
            "Encouraging creative use of urban areas for housing",
            DBC,
            D(2013, 3, 31),
            DONE,
            "Flats above shops in the Marlowes and two former office blocks converted.",
            (
                ActionData("Convert vacant space above shops in the Marlowes to flats", DBC, D(2010, 3, 31), DONE),
                ActionData(
                    "Allocate redundant garage sites and small urban plots for affordable homes",
                    DBC,
                    D(2013, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Sustainable and less environmentally damaging housing stock",
            DBC,
            D(2015, 3, 31),
            ON,
            "All council homes meet the Decent Homes Standard; the insulation programme continues.",
            (
                ActionData("Bring all council homes up to the Decent Homes Standard", DBC, D(2010, 12, 31), DONE),
                ActionData(
                    "Build new affordable homes to level 4 of the Code for Sustainable Homes", RSL, D(2015, 3, 31), ON
                ),
            ),
        ),
    ),
    strategies=(
        StrategyData("Dacorum Partnership — Registered Social Landlords"),
        StrategyData("Rural Housing Enabler"),
        StrategyData("Private developers"),
        StrategyData("Dacorum's Housing Strategy 2004-07"),
        StrategyData("Regional Housing Strategy"),
        StrategyData("Homelessness Strategy", "With its monitoring group."),
    ),
    indicators=(
        IndicatorData(
            code="HO-01",
            title="Households on the housing register",
            definition="The number of households on the Council's housing register (the waiting list for "
            "council and housing association homes) on the last day of the quarter, excluding existing tenants "
            "seeking a transfer. The register was reviewed and its qualification rules changed in 2013/14.",
            unit=COUNT,
            polarity=LOWER,
            source="Dacorum Borough Council housing register",
            series=SeriesPlan({2004: 4200, 2008: 5600, 2012: 6500, 2013: 4300, 2014: 4620}, noise=0.015),
            targets=TargetPlan(absolute={2004: 4200, 2008: 5000, 2012: 5500, 2013: 4400, 2014: 4400}),
            objectives=(0, 5),
            off_target_note="Demand is rising again after the register review.",
        ),
        IndicatorData(
            code="HO-02",
            title="Households accepted as homeless and in priority need",
            definition="The number of households the Council accepted in the quarter as eligible, unintentionally "
            "homeless and in priority need (the main homelessness duty), as reported on the P1E return. Each "
            "quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=LOWER,
            source="P1E homelessness return (DCLG)",
            cumulative=True,
            series=SeriesPlan({2004: 312, 2007: 190, 2009: 122, 2012: 140, 2013: 150, 2014: 171}, noise=0.06),
            targets=TargetPlan(absolute={2004: 300}, percent_change={2005: -10, 2010: -5, 2012: -3}),
            objectives=(6,),
            off_target_note="Acceptances are rising with private rents and welfare reform; prevention casework "
            "has been increased.",
        ),
        IndicatorData(
            code="HO-03",
            title="Households in temporary accommodation",
            definition="The number of households in temporary accommodation arranged by the Council under the "
            "homelessness legislation on the last day of the quarter, as reported on the P1E return.",
            unit=COUNT,
            polarity=LOWER,
            source="P1E homelessness return (DCLG)",
            series=SeriesPlan({2004: 190, 2008: 120, 2010: 74, 2013: 80, 2014: 93}, noise=0.04),
            targets=TargetPlan(absolute={2004: 180, 2010: 95, 2014: 100}),
            objectives=(6,),
        ),
        IndicatorData(
            code="HO-04",
            title="Affordable homes delivered",
            definition="The number of additional affordable homes (social rent, affordable rent and intermediate "
            "housing, including shared ownership) completed in Dacorum in the quarter, by new build, acquisition "
            "or conversion, counted at handover. Each quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Borough Council housing development monitoring",
            cumulative=True,
            series=SeriesPlan(
                {2004: 96, 2007: 185, 2010: 232, 2012: 138, 2014: 214},
                noise=0.07,
                seasonality=(0.7, 0.8, 0.9, 1.6),
            ),
            targets=TargetPlan(absolute={2004: 100, 2008: 200, 2010: 220, 2011: 150, 2014: 200}),
            objectives=(2, 3, 4),
        ),
        IndicatorData(
            code="HO-05",
            title="Homelessness cases prevented through advice and casework",
            definition="The number of households for whom the Council's housing advice service, or an agency it "
            "funds, prevented or relieved homelessness in the quarter (by helping them stay in their home or "
            "find another), as reported on the P1E prevention and relief return. Each quarter's own count is "
            "recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="P1E homelessness prevention and relief return (DCLG)",
            cumulative=True,
            series=SeriesPlan({2004: 80, 2007: 280, 2009: 420, 2014: 565}, noise=0.06),
            targets=TargetPlan(absolute={2004: 100, 2007: 250, 2009: 400, 2014: 550}),
            objectives=(6,),
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "Affordable completions are on profile; two schemes handed over this quarter.",
            "The homelessness prevention team took on a second money adviser.",
            "The Housing Forum reviewed the allocations policy and the register.",
        ),
        achievements=(
            "A rural exception scheme of eight homes for local people completed in Aldbury.",
            "No families with children were in bed and breakfast at the end of the quarter.",
        ),
        risks=("Reduced grant for new affordable homes.", "Rising private rents and welfare reform."),
        case_studies=(
            "A young family facing eviction in Apsley kept their home after the prevention team negotiated a "
            "repayment plan with the landlord.",
        ),
    ),
)

CULTURE = ThemeData(
    number=7,
    title="Promoting Culture, Arts and Leisure",
    slug="promoting-culture-arts-and-leisure",
    vision="Encouraging residents and visitors to Dacorum to have fun and live life to the full through a "
    "variety of accessible clubs, arts and leisure opportunities and activities.",
    summary="The Cultural Forum Partnership, with HACO (Herts Association of Cultural Officers), the Herts Arts "
    "Partnership, the Herts Tourism Partnership and Dacorum Sports Trust, delivering Dacorum's Cultural Strategy.",
    lead_forum=CULTURAL_FORUM,
    partners=(
        DBC,
        SPORTS_TRUST,
        "Herts Arts Partnership",
        "HACO (Herts Association of Cultural Officers)",
        "Herts Tourism Partnership",
    ),
    outcomes=(
        "We recognise and understand what people want",
        "Access and affordability to all events and activities",
        "Safe places for children to meet and play",
        "Accessible public transport",
        "Creation of family activities, and encouragement to take part",
        "Enhancement of existing venues, and encouraging their maximum use",
        "Publicity for activities and opportunities in and around Dacorum",
    ),
    achievements=(
        AchievementData("Dacorum's Cultural Strategy is in place and being monitored."),
        AchievementData("Four focus groups held to discuss the needs of multi-cultural groups."),
        AchievementData("Visits to other towns to gather best practice in community and multi-cultural work."),
        AchievementData(
            "The CLEAR Group is looking at ways of linking lifelong learning, regeneration and cultural activities."
        ),
        AchievementData(
            "A cultural strategy was produced, aimed at improving the lives of residents and visitors to the Borough."
        ),
    ),
    objectives=(
        ObjectiveData(
            "Improving opportunities by working with other local authorities and agencies",
            DBC,
            D(2012, 3, 31),
            DONE,
            "Joint county programmes with HACO and the Herts Arts Partnership run every year.",
            (
                ActionData(
                    "Join the county's shared arts development programme with HACO",
                    "HACO (Herts Association of Cultural Officers)",
                    D(2007, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Market Dacorum's attractions through the Herts Tourism Partnership",
                    "Herts Tourism Partnership",
                    D(2012, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Identifying what people want by establishing a cultural forum",
            DBC,
            D(2006, 3, 31),
            DONE,
            "The Cultural Forum Partnership was established in 2005 and meets quarterly.",
            (
                ActionData("Establish the Cultural Forum Partnership", DBC, D(2005, 9, 30), DONE),
                ActionData(
                    "Ask residents about cultural and leisure needs through the Citizens' Panel every year",
                    DBC,
                    D(2006, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Improving accessibility across a whole range of activities and opportunities",
            SPORTS_TRUST,
            D(2015, 3, 31),
            ON,
            "All leisure centres meet access standards; a new sports centre opened in Hemel Hempstead.",
            (
                ActionData(
                    "Bring every leisure centre up to current access standards", SPORTS_TRUST, D(2010, 3, 31), DONE
                ),
                ActionData("Open a new sports centre and pool in Hemel Hempstead", SPORTS_TRUST, D(2015, 3, 31), ON),
            ),
        ),
        ObjectiveData(
            "Making activities affordable for everyone",
            SPORTS_TRUST,
            D(2014, 3, 31),
            DONE,
            "A concessionary leisure card gives residents on low incomes half-price entry.",
            (
                ActionData(
                    "Introduce a concessionary leisure card for residents on low incomes",
                    SPORTS_TRUST,
                    D(2007, 3, 31),
                    DONE,
                ),
                ActionData(
                    "Offer free swimming for under-16s in the school holidays", SPORTS_TRUST, D(2014, 3, 31), DONE
                ),
            ),
        ),
        ObjectiveData(
            "Safer places to play",
            DBC,
            D(2015, 3, 31),
            RISK,
            "Fourteen play areas refurbished; the remaining six are waiting for funding.",
            (
                ActionData("Refurbish the Borough's twenty equipped play areas", DBC, D(2015, 3, 31), RISK),
                ActionData("Inspect every play area weekly and publish the results", DBC, D(2009, 3, 31), DONE),
            ),
        ),
    ),
    strategies=(
        StrategyData("Dacorum's Cultural Strategy"),
        StrategyData("HACO (Herts Association of Cultural Officers)"),
        StrategyData("Herts Arts Partnership"),
        StrategyData("Herts Tourism Partnership"),
        StrategyData("Dacorum Sports Trust"),
    ),
    indicators=(
        IndicatorData(
            code="CU-01",
            title="Visits to leisure centres and pools",
            definition="The number of admissions to the leisure centres, pools and sports facilities run by "
            "Dacorum Sports Trust in the quarter, counted at the tills and turnstiles (members' visits counted "
            "at card entry). Each quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Sports Trust admissions records",
            cumulative=True,
            series=SeriesPlan(
                {2004: 1150000, 2010: 1310000, 2014: 1425000}, noise=0.02, seasonality=(1.0, 0.95, 0.98, 1.07)
            ),
            targets=TargetPlan(absolute={2004: 1100000, 2014: 1400000}),
            objectives=(2, 3),
        ),
        IndicatorData(
            code="CU-02",
            title="Attendances at council-supported arts, heritage and community events",
            definition="The estimated attendance at arts, heritage and community events run or grant-funded by "
            "the Council in the quarter (ticketed events by tickets issued; open-air events by the organiser's "
            "count using the Council's estimation method). Each quarter's own count is recorded; the year to "
            "date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Borough Council cultural services monitoring",
            cumulative=True,
            series=SeriesPlan({2004: 62000, 2010: 86000, 2014: 78500}, noise=0.05, seasonality=(1.2, 1.6, 0.7, 0.5)),
            targets=TargetPlan(absolute={2004: 60000, 2010: 85000, 2014: 80000}),
            objectives=(0, 2),
            off_target_note="Two summer events were cancelled because of the weather.",
        ),
        IndicatorData(
            code="CU-03",
            title="Participants in multi-cultural community activities",
            definition="The number of people taking part in activities organised by or with Dacorum's black and "
            "minority ethnic and faith community groups, and supported by the partners, in the quarter, from "
            "organisers' registers. Each quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Cultural Forum Partnership monitoring",
            cumulative=True,
            series=SeriesPlan({2004: 1800, 2010: 3300, 2014: 4250}, noise=0.07),
            targets=TargetPlan(absolute={2004: 1500, 2014: 4000}),
            objectives=(1, 2),
        ),
        IndicatorData(
            code="CU-04",
            title="Residents satisfied with cultural and leisure opportunities",
            definition="The percentage of Citizens' Panel respondents who are ‘very’ or ‘fairly’ satisfied with "
            "the sport, leisure, arts and cultural opportunities in Dacorum, from the annual Citizens' Panel "
            "Survey (reported in Q4) — the partnership's main consultation outcome for this theme.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source=CITIZENS_PANEL,
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 61, 2010: 66, 2014: 71}, noise=0.01),
            targets=TargetPlan(absolute={2004: 60, 2014: 70}),
            objectives=(1, 3),
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "Summer events programme delivered across the three towns.",
            "Leisure centre visits are up on last year, helped by the concessionary card.",
            "The forum reviewed the Cultural Strategy action plan.",
        ),
        achievements=(
            "The Hemel Hempstead carnival drew its largest crowd yet.",
            "Six play areas were refurbished.",
        ),
        risks=("Weather-dependent outdoor events.", "Funding for the remaining play area refurbishments."),
        case_studies=(
            "A Bengali women's group in Hemel Hempstead started a weekly swimming session at the Sportscentre "
            "with a female lifeguard.",
        ),
    ),
)

COMMUNITY = ThemeData(
    number=8,
    title="Encouraging Community Involvement",
    slug="encouraging-community-involvement",
    vision="Enabling and supporting people and groups across the Borough to develop and sustain their "
    "involvement in community activities, in order to create an inclusive and collaborative society based on "
    "social justice.",
    summary="Communities Together, Churches Together in Hemel Hempstead, the Communities Associations Network, "
    "Dacorum Borough Council Community Support, Dacorum CVS, Dacorum Volunteer Bureau, Relate, Age Concern and "
    "other voluntary organisations and agencies.",
    lead_forum=COMMUNITIES_FORUM,
    partners=(
        "Communities Together",
        "Churches Together in Hemel Hempstead",
        "Communities Associations Network",
        DBC,
        CVS,
        "Dacorum Volunteer Bureau",
        "Relate",
        "Age Concern Dacorum",
    ),
    outcomes=(
        "A strong sense of values within communities, and inter-dependence and reliance built on trust",
        "Long-term, sustainable funding across all sectors",
        "An overriding community vision and ownership, together with empowerment of community members at all levels",
        "A meaningful identity for Dacorum",
        "Social justice",
        "Strong, vibrant involvement of the voluntary sector",
    ),
    achievements=(
        AchievementData("Code of Conduct for Volunteering now in operation."),
        AchievementData("Community Fair held in June 2003.", D(2003, 6, 30)),
        AchievementData("Five Community Forums were held in local neighbourhoods, addressing community priorities."),
        AchievementData("Community training programmes held for more than 150 volunteers throughout 2004."),
        AchievementData(
            "Action Plan from the Cultural Needs Survey written, resulting in real improvements to services."
        ),
        AchievementData(
            "Highfield Carnival Club established, and now operating as a social enterprise in Highfield and across "
            "Dacorum."
        ),
        AchievementData("More people involved in volunteering."),
    ),
    objectives=(
        ObjectiveData(
            "Creating an inclusive culture through volunteering and community activities",
            "Dacorum Volunteer Bureau",
            D(2015, 3, 31),
            ON,
            "Volunteer placements have nearly doubled since 2004.",
            (
                ActionData(
                    "Run an annual Volunteers' Week fair in each town", "Dacorum Volunteer Bureau", D(2007, 6, 30), DONE
                ),
                ActionData(
                    "Offer supported volunteering for people with disabilities and mental health needs",
                    "Dacorum Volunteer Bureau",
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
        ObjectiveData(
            "Finding out what already exists and what people want",
            CVS,
            D(2007, 3, 31),
            DONE,
            "A directory of over 600 community and voluntary groups is online.",
            (
                ActionData("Map community and voluntary groups and publish a directory", CVS, D(2006, 3, 31), DONE),
                ActionData("Hold five neighbourhood Community Forums each year", DBC, D(2007, 3, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Improving networks, information and communication to build a higher level of community participation",
            CVS,
            D(2012, 3, 31),
            DONE,
            "A monthly e-bulletin reaches 900 groups.",
            (
                ActionData("Publish a monthly e-bulletin for community groups", CVS, D(2008, 3, 31), DONE),
                ActionData(
                    "Set up a neighbourhood network in each of the Council's five localities",
                    "Communities Together",
                    D(2012, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Increasing community engagement",
            DBC,
            D(2015, 3, 31),
            OFF,
            "The share of residents who feel they can influence decisions has not risen; a new engagement "
            "strategy is being drafted.",
            (
                ActionData(
                    "Introduce ward-level residents' meetings alongside police ward panels", DBC, D(2010, 3, 31), DONE
                ),
                ActionData("Adopt a community engagement strategy for all partners", DBC, D(2015, 3, 31), OFF),
            ),
        ),
        ObjectiveData(
            "Strengthening the community's involvement with their local schools",
            HCC,
            D(2013, 3, 31),
            DONE,
            "Extended services clusters link every school with its community.",
            (
                ActionData(
                    "Set up extended schools clusters with community representatives", HCC, D(2010, 3, 31), DONE
                ),
                ActionData(
                    "Open school halls and playing fields for community use out of hours", HCC, D(2013, 3, 31), DONE
                ),
            ),
        ),
        ObjectiveData(
            "Adequate resourcing and funding",
            CVS,
            D(2015, 3, 31),
            RISK,
            "Grant funding for voluntary groups has fallen; CVS is helping groups bid to trusts.",
            (
                ActionData(
                    "Agree three-year funding agreements with key voluntary organisations", DBC, D(2009, 3, 31), DONE
                ),
                ActionData("Run a funding advice surgery every month", CVS, D(2015, 3, 31), ON),
            ),
        ),
        ObjectiveData(
            "Valuing the differences in communities",
            "Communities Together",
            D(2015, 3, 31),
            ON,
            "An annual interfaith week and the One World festival are established.",
            (
                ActionData(
                    "Hold an annual interfaith week with Churches Together and other faith groups",
                    "Communities Together",
                    D(2008, 3, 31),
                    DONE,
                ),
                ActionData("Deliver the Cultural Needs Survey action plan", DBC, D(2015, 3, 31), ON),
            ),
        ),
    ),
    strategies=(
        StrategyData("Code of Conduct for Volunteering"),
        StrategyData("Cultural Needs Survey Action Plan"),
        StrategyData("Communities Associations Network"),
    ),
    indicators=(
        IndicatorData(
            code="CI-01",
            title="Residents satisfied with their local area as a place to live",
            definition="The percentage of Citizens' Panel respondents who are ‘very’ or ‘fairly’ satisfied with "
            "their local area as a place to live, from the annual Citizens' Panel Survey (reported in Q4). "
            "Weighted to the population; ward figures rest on small samples.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source=CITIZENS_PANEL,
            frequency=ANNUAL,
            by_ward=True,
            max_value=100,
            series=SeriesPlan({2004: 79, 2010: 83, 2014: 87}, noise=0.008, ward_gradient=0.2, ward_noise=0.03),
            targets=TargetPlan(absolute={2004: 80, 2014: 85}),
            objectives=(3, 6),
            ward_values_need_caution=True,
        ),
        IndicatorData(
            code="CI-02",
            title="Residents who feel they can influence decisions affecting their local area",
            definition="The percentage of Citizens' Panel respondents who ‘definitely’ or ‘tend to’ agree that "
            "they can influence decisions affecting their local area, from the annual Citizens' Panel Survey "
            "(reported in Q4).",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source=CITIZENS_PANEL,
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 27, 2009: 31.5, 2014: 29}, noise=0.02),
            targets=TargetPlan(absolute={2004: 28, 2014: 35}),
            objectives=(3,),
            off_target_note="No improvement yet; the draft engagement strategy responds to this.",
        ),
        IndicatorData(
            code="CI-03",
            title="New volunteers placed through Dacorum Volunteer Bureau",
            definition="The number of people placed in a volunteering role with a local organisation by Dacorum "
            "Volunteer Bureau in the quarter, counted when the organisation confirms the volunteer has started. "
            "Each quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Volunteer Bureau records",
            cumulative=True,
            series=SeriesPlan({2004: 420, 2010: 640, 2014: 790}, noise=0.06, seasonality=(1.1, 0.9, 0.9, 1.1)),
            targets=TargetPlan(absolute={2004: 400}, percent_change={2005: 5, 2010: 3}),
            objectives=(0,),
        ),
        IndicatorData(
            code="CI-04",
            title="Bookings of community centres",
            definition="The number of bookings (a group's use of a room for one session) of the community "
            "centres owned by the Council and run by community associations, in the quarter. Each quarter's own "
            "count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Communities Associations Network booking records",
            cumulative=True,
            series=SeriesPlan({2004: 9200, 2010: 10100, 2014: 10450}, noise=0.03, seasonality=(1.0, 0.85, 1.1, 1.05)),
            targets=TargetPlan(absolute={2004: 9000, 2014: 10500}),
            objectives=(1, 2),
        ),
        IndicatorData(
            code="CI-05",
            title="Community and voluntary organisations given advice by Dacorum CVS",
            definition="The number of distinct community and voluntary organisations that sought and received "
            "advice from Dacorum CVS (on funding, governance, employment or volunteers) in the quarter. Each "
            "quarter's own count is recorded; the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum CVS client records",
            cumulative=True,
            series=SeriesPlan({2004: 150, 2010: 240, 2014: 315}, noise=0.07),
            targets=TargetPlan(absolute={2004: 140, 2014: 300}),
            objectives=(2, 5),
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "Volunteer placements are ahead of last year; the Bureau ran recruitment stalls in all three towns.",
            "The Communities Forum met at the Highfield community centre and heard from five neighbourhood groups.",
            "CVS ran four training sessions for trustees of small groups.",
        ),
        achievements=(
            "The interfaith week brought together eleven faith groups.",
            "Two new community groups were helped to register as charities.",
        ),
        risks=("Reductions in grant funding for voluntary groups.", "Volunteer burn-out in small groups."),
        case_studies=(
            "Highfield Carnival Club, helped by a Neighbourhood Learning grant, now runs costume-making workshops "
            "across Dacorum as a social enterprise.",
        ),
    ),
)

CHILDREN = ThemeData(
    number=9,
    title="Responding to the Needs of Children and Young People",
    slug="responding-to-the-needs-of-children-and-young-people",
    vision="The children and young people of Dacorum have told us they want to: feel healthy and happy to be "
    "young; live, learn and play in places that are safe and clean; get to have lots of different kinds of fun; "
    "have equal access to opportunities and fulfil their own potential; and be empowered to become independent "
    "adults.",
    summary="A multi-agency partnership of the statutory, voluntary and faith sectors (0–19 age range), linked to "
    "the County and Dacorum Early Years Development and Childcare Partnership, the County Children and Young "
    "People's Strategic Partnership, the Community Safety Partnership, the Anti-Social Behaviour Unit and the "
    "Preventative Strategy. Its objectives are the collective objectives of the Dacorum Children and Young "
    "People's Strategic Partnership.",
    lead_forum=CYP_FORUM,
    partners=(HCC, DBC, PCT, POLICE, CVS, COLLEGE, "Churches Together in Hemel Hempstead"),
    outcomes=(
        "Children and young people are actively involved, listened to and kept informed",
        "Joined-up thinking and actions by partners are actively in place",
        "Improved co-ordination and opportunities for participation are encouraged",
        "That we share information, ideas and good practice",
    ),
    achievements=(
        AchievementData("Initial consultation with young people regarding themes important to them."),
        AchievementData("The stakeholder event and report ‘Children of Today, Adults of Tomorrow’."),
        AchievementData("Formation of the Dacorum Children and Young People's Strategic Partnership."),
        AchievementData("Adoption of a vision statement and baseline plan of services (Spring 2004).", D(2004, 5, 1)),
        AchievementData("More services and support for children, young people and families."),
    ),
    objectives=(
        ObjectiveData(
            "Stay in Dacorum — hold a Young People's Forum to explore their housing needs",
            DBC,
            D(2006, 3, 31),
            DONE,
            "Held in 2005; its findings shaped the Affordable Housing Strategy's provision for young people.",
            (
                ActionData("Hold a Young People's Housing Forum", DBC, D(2005, 10, 31), DONE),
                ActionData(
                    "Report its findings to the Housing Forum and the Affordable Housing Strategy",
                    DBC,
                    D(2006, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Stay Happy — create new opportunities, including places where young people can hang out in Dacorum, "
            "and a new parent and toddler group in Highfield",
            DBC,
            D(2010, 3, 31),
            DONE,
            "Youth shelters in four parks; the Highfield parent and toddler group meets weekly.",
            (
                ActionData("Start a parent and toddler group in Highfield", CVS, D(2005, 9, 30), DONE),
                ActionData(
                    "Install youth shelters and multi-use games areas designed with young people",
                    DBC,
                    D(2010, 3, 31),
                    DONE,
                ),
            ),
        ),
        ObjectiveData(
            "Stay Healthy — explore young people's expectations of a teen clinic and create a model",
            PCT,
            D(2008, 3, 31),
            DONE,
            "A weekly teen health drop-in runs at the Hemel Hempstead youth centre.",
            (
                ActionData("Consult young people on what a teen clinic should offer", PCT, D(2006, 3, 31), DONE),
                ActionData("Open a weekly teen health drop-in", PCT, D(2008, 3, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Stay Learning — promote personal development for young people through education and training, the "
            "library service and lifelong learning",
            HCC,
            D(2015, 3, 31),
            ON,
            "The number of 16–18 year olds not in education, employment or training has fallen.",
            (
                ActionData("Run homework clubs in every Dacorum library", HCC, D(2009, 3, 31), DONE),
                ActionData(
                    "Support 16–18 year olds not in education, employment or training into college or apprenticeships",
                    COLLEGE,
                    D(2015, 3, 31),
                    ON,
                ),
            ),
        ),
        ObjectiveData(
            "Stay Safe — explore young people's expectations of a ‘Teen Beat’ and create a model",
            POLICE,
            D(2009, 3, 31),
            DONE,
            "School-based police officers cover every secondary school.",
            (
                ActionData("Consult young people on a ‘Teen Beat’ police officer", POLICE, D(2006, 3, 31), DONE),
                ActionData("Place a police officer with every secondary school", POLICE, D(2009, 3, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Work in partnership to safeguard children and promote their wellbeing",
            HCC,
            D(2015, 3, 31),
            ON,
            "A multi-agency safeguarding training programme runs for all partners.",
            (
                ActionData(
                    "Train front-line staff of all partners in safeguarding children", HCC, D(2012, 3, 31), DONE
                ),
                ActionData("Set up a Families First team for early help", HCC, D(2015, 3, 31), ON),
            ),
        ),
        ObjectiveData(
            "Stay in Touch — produce an age-appropriate directory of services for children and young people",
            DBC,
            D(2007, 3, 31),
            DONE,
            "Printed in 2006 and now online.",
            (
                ActionData("Publish a printed directory of services for young people", DBC, D(2006, 9, 30), DONE),
                ActionData("Put the directory online and keep it up to date", DBC, D(2007, 3, 31), DONE),
            ),
        ),
        ObjectiveData(
            "Promoting the Youth Charter in Dacorum",
            HCC,
            D(2012, 3, 31),
            DONE,
            "Every partner has signed the Youth Charter.",
            (
                ActionData("Ask every LSP partner to sign the Youth Charter", HCC, D(2008, 3, 31), DONE),
                ActionData(
                    "Train young people to check partners' services against the Charter", DBC, D(2012, 3, 31), DONE
                ),
            ),
        ),
        ObjectiveData(
            "Consulting and communicating with young people on local strategic issues",
            DBC,
            D(2015, 3, 31),
            RISK,
            "The Youth Council meets monthly, but youth work cuts have reduced outreach to harder-to-reach groups.",
            (
                ActionData("Set up a Dacorum Youth Council elected in schools", DBC, D(2007, 3, 31), DONE),
                ActionData("Run an annual Dacorum Youth Survey and publish the results", DBC, D(2015, 3, 31), ON),
                ActionData(
                    "Keep detached youth work in the five wards with most need",
                    HCC,
                    D(2015, 3, 31),
                    OFF,
                    "Detached youth work was reduced in the 2012 county budget.",
                ),
            ),
        ),
    ),
    strategies=(
        StrategyData("County and Dacorum Early Years Development and Childcare Partnership"),
        StrategyData("County Children and Young People's Strategic Partnership"),
        StrategyData("Community Safety Partnership"),
        StrategyData("Anti-Social Behaviour Unit"),
        StrategyData("Preventative Strategy"),
        StrategyData("Youth Charter"),
    ),
    indicators=(
        IndicatorData(
            code="CY-01",
            title="Young people satisfied with activities and services for them",
            definition="The percentage of respondents to the annual Dacorum Youth Survey (young people aged "
            "11–19, surveyed through schools, the college and youth centres) who are ‘very’ or ‘fairly’ "
            "satisfied with the activities and services for young people in their area. Recorded in Q4.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source="Dacorum Youth Survey",
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 44, 2010: 56, 2014: 62.5}, noise=0.02),
            targets=TargetPlan(absolute={2004: 45, 2014: 65}),
            objectives=(1, 8),
        ),
        IndicatorData(
            code="CY-02",
            title="Young people taking part in youth forums and consultations",
            definition="The number of attendances by young people aged 11–19 at the Youth Council, youth forums "
            "and consultation events run by the partners in the quarter. Each quarter's own count is recorded; "
            "the year to date is their sum.",
            unit=COUNT,
            polarity=HIGHER,
            source="Dacorum Children and Young People's Strategic Partnership records",
            cumulative=True,
            series=SeriesPlan({2004: 350, 2008: 800, 2014: 1290}, noise=0.04, seasonality=(1.1, 0.6, 1.2, 1.1)),
            targets=TargetPlan(absolute={2004: 300, 2008: 750, 2014: 1200}),
            objectives=(0, 8),
        ),
        IndicatorData(
            code="CY-03",
            title="Young people aged 13–19 in contact with youth work",
            definition="The number of young people aged 13–19 resident in Dacorum who had at least one recorded "
            "contact with the youth service or a commissioned youth work provider in the year, as a percentage "
            "of the 13–19 population (ONS mid-year estimate). Recorded annually in Q4.",
            unit=PERCENT,
            decimal_places=1,
            polarity=HIGHER,
            source="Hertfordshire Youth Connexions management information",
            frequency=ANNUAL,
            max_value=100,
            series=SeriesPlan({2004: 18, 2010: 25, 2014: 21}, noise=0.02),
            targets=TargetPlan(absolute={2004: 20, 2010: 25, 2014: 25}),
            objectives=(3, 8),
            off_target_note="Detached youth work was cut in 2012; contact has fallen since.",
        ),
    ),
    narrative=NarrativeData(
        progress=(
            "The Youth Council met monthly and responded to the town centre consultation.",
            "The Youth Survey was completed in nine secondary schools and the college.",
            "Safeguarding training was delivered to 80 staff from partner organisations.",
        ),
        achievements=(
            "A new skate park designed with young people opened in Tring.",
            "The teen health drop-in saw record attendance.",
        ),
        risks=("Reduced youth work budgets.", "Engaging young people who are not in education or work."),
        case_studies=(
            "Youth Council members interviewed candidates for the new youth centre manager and designed the "
            "centre's opening programme.",
        ),
    ),
)

THEMES: tuple[ThemeData, ...] = (
    CRIME,
    ENVIRONMENT,
    HEALTH,
    EMPLOYMENT,
    LEARNING,
    HOUSING,
    CULTURE,
    COMMUNITY,
    CHILDREN,
)

CROSS_CUTTING_THEMES: tuple[CrossCuttingThemeData, ...] = (
    CrossCuttingThemeData(
        "Rejuvenating Dacorum",
        "rejuvenating-dacorum",
        "Delivering a range of projects that address the unique needs of Dacorum, its town centres, "
        "neighbourhoods and industrial areas.",
        (2, 4, 6, 7),
    ),
    CrossCuttingThemeData(
        "Promoting Healthy and Caring Lifestyles",
        "promoting-healthy-and-caring-lifestyles",
        "Working together to enable all residents to lead full and healthy lives.",
        (2, 3, 7, 9),
    ),
    CrossCuttingThemeData(
        "Developing Community Cohesion",
        "developing-community-cohesion",
        "Ensuring that all communities share a common vision and benefit from growth and development "
        "opportunities, creating civic pride, well-being, stability and harmony.",
        (1, 5, 8, 9),
    ),
)

# --- Wards ---------------------------------------------------------------------------------------
#
# The 25 wards of the borough as the demo knows them. Their official ONS codes are not
# recorded here with certainty, so each ward has a local code (DAC-01 … DAC-25) instead.
# Populations are approximate and add up to the 2001 Census total of 137,799.

WARDS: tuple[WardData, ...] = (
    WardData("Adeyfield East", "DAC-01", "Hemel Hempstead", 5912, 0.55),
    WardData("Adeyfield West", "DAC-02", "Hemel Hempstead", 5786, 0.75),
    WardData("Aldbury and Wigginton", "DAC-03", "Rural Dacorum", 2118, 0.05),
    WardData("Apsley and Corner Hall", "DAC-04", "Hemel Hempstead", 6794, 0.45),
    WardData("Ashridge", "DAC-05", "Rural Dacorum", 2231, 0.05),
    WardData("Bennetts End", "DAC-06", "Hemel Hempstead", 6027, 0.6),
    WardData("Berkhamsted Castle", "DAC-07", "Berkhamsted", 5684, 0.3),
    WardData("Berkhamsted East", "DAC-08", "Berkhamsted", 5873, 0.25),
    WardData("Berkhamsted West", "DAC-09", "Berkhamsted", 5529, 0.2),
    WardData("Bovingdon Flaunden and Chipperfield", "DAC-10", "Rural Dacorum", 7186, 0.15),
    WardData("Boxmoor", "DAC-11", "Hemel Hempstead", 8517, 0.3),
    WardData("Chaulden and Warners End", "DAC-12", "Hemel Hempstead", 8563, 0.65),
    WardData("Gadebridge", "DAC-13", "Hemel Hempstead", 5318, 0.55),
    WardData("Grovehill", "DAC-14", "Hemel Hempstead", 8402, 0.8),
    WardData(
        "Hemel Hempstead Town",
        "DAC-15",
        "Hemel Hempstead",
        5611,
        0.85,
        "The town centre: the Marlowes, the Water Gardens and the old town.",
        is_town_centre=True,
    ),
    WardData("Highfield", "DAC-16", "Hemel Hempstead", 6389, 0.95),
    WardData("Kings Langley", "DAC-17", "Kings Langley", 4826, 0.25),
    WardData("Leverstock Green", "DAC-18", "Hemel Hempstead", 7204, 0.3),
    WardData("Nash Mills", "DAC-19", "Hemel Hempstead", 3087, 0.4),
    WardData("Northchurch", "DAC-20", "Berkhamsted", 3395, 0.2),
    WardData("Tring Central", "DAC-21", "Tring", 4312, 0.3),
    WardData("Tring East", "DAC-22", "Tring", 2176, 0.15),
    WardData("Tring West and Rural", "DAC-23", "Tring", 5287, 0.15),
    WardData("Watling", "DAC-24", "Rural Dacorum", 6121, 0.3),
    WardData("Woodhall Farm", "DAC-25", "Hemel Hempstead", 5451, 0.55),
)

# --- Ward plans ----------------------------------------------------------------------------------

WARD_PLAN_YEARS = (2013, 2014)

WARD_PRIORITIES: dict[str, WardPriorityData] = {
    "asb": WardPriorityData(
        "Tackle anti-social behaviour",
        "Target the places and times residents report most nuisance, with the Safer Neighbourhood Team and "
        "youth services.",
        (1, 9),
    ),
    "burglary": WardPriorityData(
        "Reduce burglary and vehicle crime",
        "Crime prevention advice, property marking and patrols where burglary and car crime are concentrated.",
        (1,),
    ),
    "speeding": WardPriorityData(
        "Road safety: speeding and inconsiderate parking",
        "Community Speedwatch with the police, and enforcement outside schools.",
        (1, 2),
    ),
    "drugs": WardPriorityData(
        "Tackle drug dealing and alcohol-related disorder",
        "Act on residents' reports of dealing; licensing checks on late-night premises.",
        (1, 3),
    ),
    "nighttime": WardPriorityData(
        "A safe town centre at night",
        "Street pastors, taxi marshals and joint licensing patrols on Friday and Saturday nights.",
        (1, 7),
    ),
    "litter": WardPriorityData(
        "Cleaner streets: litter, dog fouling and fly-tipping",
        "Targeted cleansing and enforcement in the hot spots residents identify.",
        (2,),
    ),
    "green": WardPriorityData(
        "Better parks, play areas and green spaces",
        "Improve the ward's play areas and open spaces with residents' groups.",
        (2, 7, 9),
    ),
    "youth": WardPriorityData(
        "More for young people to do",
        "Evening and holiday activities designed with young people from the ward.",
        (9, 7),
    ),
    "older": WardPriorityData(
        "Support older people to live independently",
        "Befriending, home-from-hospital help and safe-at-home checks with Age Concern.",
        (3, 8),
    ),
    "jobs": WardPriorityData(
        "Help residents into work and training",
        "Job clubs and outreach learning at the community centre.",
        (4, 5),
    ),
    "housing": WardPriorityData(
        "Affordable homes for local people",
        "Identify sites for small affordable schemes for people with a local connection.",
        (6,),
    ),
    "transport": WardPriorityData(
        "Keep rural bus and community transport services",
        "Work with the County Council and community transport to keep villages connected.",
        (2, 4),
    ),
    "community_centre": WardPriorityData(
        "Make more of the community centre",
        "More groups and activities using the community centre, run with the community association.",
        (8, 7),
    ),
    "regeneration": WardPriorityData(
        "Regenerate the neighbourhood centre",
        "Improve the shopping parade and its surroundings with the traders and residents.",
        (4, 6),
    ),
    "health": WardPriorityData(
        "Reduce health inequalities",
        "Health checks, stop-smoking clinics and healthy-eating sessions in the ward.",
        (3,),
    ),
}

# Each ward's priorities for 2013/14 and 2014/15, in order. Crime and community safety
# (theme 1) features in 21 of the 25 wards' 2014/15 plans.
WARD_PLAN_PRIORITIES: dict[str, dict[int, tuple[str, ...]]] = {
    "Adeyfield East": {2013: ("asb", "litter", "youth", "community_centre"), 2014: ("asb", "litter", "older")},
    "Adeyfield West": {
        2013: ("drugs", "asb", "regeneration", "jobs"),
        2014: ("drugs", "regeneration", "jobs", "youth"),
    },
    "Aldbury and Wigginton": {2013: ("transport", "housing", "green"), 2014: ("transport", "housing", "older")},
    "Apsley and Corner Hall": {
        2013: ("burglary", "speeding", "green"),
        2014: ("burglary", "speeding", "green", "youth"),
    },
    "Ashridge": {2013: ("transport", "speeding", "housing"), 2014: ("transport", "housing", "green")},
    "Bennetts End": {2013: ("asb", "health", "youth", "litter"), 2014: ("asb", "health", "older")},
    "Berkhamsted Castle": {2013: ("burglary", "nighttime", "transport"), 2014: ("burglary", "green", "transport")},
    "Berkhamsted East": {2013: ("speeding", "housing", "youth"), 2014: ("speeding", "burglary", "housing")},
    "Berkhamsted West": {2013: ("green", "older", "transport"), 2014: ("green", "older", "housing")},
    "Bovingdon Flaunden and Chipperfield": {
        2013: ("speeding", "transport", "housing"),
        2014: ("burglary", "speeding", "transport", "housing"),
    },
    "Boxmoor": {2013: ("burglary", "green", "speeding"), 2014: ("burglary", "speeding", "green")},
    "Chaulden and Warners End": {
        2013: ("asb", "youth", "jobs", "litter"),
        2014: ("asb", "youth", "jobs", "community_centre"),
    },
    "Gadebridge": {2013: ("asb", "green", "older"), 2014: ("asb", "green", "community_centre")},
    "Grovehill": {
        2013: ("drugs", "asb", "regeneration", "jobs", "health"),
        2014: ("asb", "drugs", "regeneration", "jobs", "health"),
    },
    "Hemel Hempstead Town": {
        2013: ("nighttime", "drugs", "regeneration", "litter"),
        2014: ("nighttime", "drugs", "regeneration", "litter", "housing"),
    },
    "Highfield": {
        2013: ("drugs", "asb", "health", "jobs", "youth"),
        2014: ("asb", "drugs", "health", "jobs", "youth"),
    },
    "Kings Langley": {2013: ("speeding", "burglary", "youth"), 2014: ("burglary", "speeding", "older")},
    "Leverstock Green": {2013: ("burglary", "green", "older"), 2014: ("burglary", "speeding", "green")},
    "Nash Mills": {2013: ("asb", "green", "community_centre"), 2014: ("asb", "green", "youth")},
    "Northchurch": {2013: ("speeding", "transport", "green"), 2014: ("speeding", "burglary", "green")},
    "Tring Central": {2013: ("nighttime", "youth", "housing"), 2014: ("asb", "youth", "housing")},
    "Tring East": {2013: ("housing", "transport", "green"), 2014: ("housing", "transport", "older")},
    "Tring West and Rural": {2013: ("transport", "burglary", "housing"), 2014: ("burglary", "transport", "housing")},
    "Watling": {2013: ("speeding", "burglary", "transport"), 2014: ("speeding", "transport", "housing")},
    "Woodhall Farm": {2013: ("asb", "youth", "community_centre"), 2014: ("asb", "youth", "litter", "jobs")},
}

# --- People --------------------------------------------------------------------------------------

DEMO_PASSWORD = "lsp-demo-2015"  # noqa: S105 — the published demo password, shown on the login page

DEMO_USERS: tuple[UserData, ...] = (
    UserData(
        "officer",
        "Sam",
        "Patel",
        Role.OFFICER,
        POLICE,
        CSP,
        "Crime and disorder analyst",
    ),
    UserData(
        "forumlead",
        "Helen",
        "Clarke",
        Role.FORUM_LEAD,
        DBC,
        CSP,
        "Community Safety Partnership manager",
    ),
    UserData(
        "support",
        "David",
        "Moore",
        Role.SUPPORT_GROUP,
        DBC,
        SUPPORT_GROUP,
        "LSP co-ordinator, Business Partnerships Team",
    ),
    UserData(
        "board",
        "Margaret",
        "Evans",
        Role.BOARD,
        CVS,
        BOARD,
        "Chief Executive, Dacorum CVS",
    ),
    UserData(
        "admin",
        "Alex",
        "Turner",
        Role.ADMIN,
        DBC,
        None,
        "Portal administrator",
        is_staff=True,
        is_superuser=True,
    ),
)

# --- The public change log -----------------------------------------------------------------------

INDICATOR_CHANGES: tuple[IndicatorChangeData, ...] = (
    IndicatorChangeData(
        "CS-02",
        IndicatorChange.Field.TARGET,
        "Target 2012/13 revised",
        "reduction of 5% on the same period last year",
        "",
        "The LSP Board agreed a smaller yearly reduction once recorded crime had fallen by a third since "
        "2004/05: further falls of 5% a year were no longer realistic without new resources.",
        dt.datetime(2012, 3, 20, 14, 30),
        target_year=2012,
    ),
    IndicatorChangeData(
        "CS-03",
        IndicatorChange.Field.TARGET,
        "Target 2008/09 revised",
        "reduction of 3% on the same period last year",
        "",
        "Police beats were realigned to the new ward boundaries in 2007 and incident categories were "
        "re-based; the Community Safety Partnership re-set the target on the re-based 2007/08 figures.",
        dt.datetime(2008, 5, 14, 10, 0),
        target_year=2008,
    ),
    IndicatorChangeData(
        "CS-01",
        IndicatorChange.Field.DEFINITION,
        "Definition clarified",
        "The percentage of residents who feel safe in their area after dark.",
        "Counts ‘very safe’ and ‘fairly safe’ answers; ‘don't know’ answers are left out of the denominator.",
        "Residents asked why the figure differed from the county survey: the county includes ‘don't know’ in "
        "the denominator. The wording now says exactly what is counted; past figures are unchanged.",
        dt.datetime(2009, 6, 2, 9, 15),
    ),
    IndicatorChangeData(
        "EN-02",
        IndicatorChange.Field.DEFINITION,
        "Definition changed to Water Framework Directive classification",
        "Percentage of river length of good biological quality (GQA grades A and B).",
        "Percentage of river length in good ecological status (Water Framework Directive).",
        "The Environment Agency replaced the General Quality Assessment with Water Framework Directive "
        "classification in 2009. The new measure is stricter, so 2009/10 is lower than 2008/09 without any "
        "change in the rivers; targets from 2009/10 were set on the new basis.",
        dt.datetime(2010, 2, 8, 11, 0),
    ),
    IndicatorChangeData(
        "HO-04",
        IndicatorChange.Field.TARGET,
        "Target 2011/12 revised",
        "220",
        "",
        "Government grant for new affordable homes was cut by about half in the 2011–15 programme; the "
        "Housing Forum reduced the target and the Council started its own new-build programme.",
        dt.datetime(2011, 4, 12, 16, 45),
        target_year=2011,
    ),
    IndicatorChangeData(
        "EM-02",
        IndicatorChange.Field.DEFINITION,
        "Definition updated for Universal Credit",
        "Residents claiming Jobseeker's Allowance, as a percentage of residents aged 16–64.",
        "Residents claiming Jobseeker's Allowance or Universal Credit while required to seek work, as a "
        "percentage of residents aged 16–64.",
        "ONS added Universal Credit claimants who are required to seek work to the claimant count as "
        "Universal Credit was introduced; the partnership follows the national definition.",
        dt.datetime(2013, 11, 5, 12, 0),
    ),
    IndicatorChangeData(
        "HO-01",
        IndicatorChange.Field.BASELINE,
        "Register reviewed",
        "",
        "",
        "Every household on the register was asked to confirm it still needed housing, and the new "
        "allocations policy removed those with no local connection. The 2013/14 figure is not comparable "
        "with earlier years.",
        dt.datetime(2013, 7, 1, 9, 0),
    ),
)

# --- Revised values ------------------------------------------------------------------------------

REVISIONS: tuple[RevisionData, ...] = (
    RevisionData(
        "CS-02",
        2013,
        3,
        "Revised in the 2013/14 Q4 return: the Constabulary's crime-recording audit added offences recorded late.",
    ),
    RevisionData(
        "EM-02", 2010, 2, "Revised when ONS re-based the working-age population estimates on the 2011 Census."
    ),
    RevisionData(
        "HO-04",
        2011,
        4,
        "Revised to include shared-ownership homes handed over in March and reported late by a registered provider.",
    ),
    RevisionData(
        "CU-01",
        2012,
        2,
        "Revised after a fault in one leisure centre's entry counter was found and the quarter re-counted from "
        "till records.",
    ),
    RevisionData(
        "EN-05",
        2008,
        1,
        "Revised after WasteDataFlow validation: a load of contaminated recycling was re-classified as residual waste.",
    ),
)
