"""Hand-written demo stories for India, Politics, Business and Markets. All people are fictional."""

from .specs import Facts, Picture, Quote, Related, StorySpec

INDIA_STORIES = (
    StorySpec(
        section="india",
        headline="Monsoon withdrawal leaves reservoirs fuller than last year in the south",
        dek="Water stored in major southern reservoirs is well above the ten-year average, "
        "easing worries about summer drinking supplies in several cities.",
        place="Bengaluru",
        tags=("Monsoon", "Climate"),
        agency="press-trust-of-india",
        hours_ago=12,
        body=(
            "The late retreat of the monsoon has left reservoirs in Karnataka, Tamil Nadu and "
            "Andhra Pradesh holding more water than at the same time last year, according to "
            "the latest weekly bulletin of storage levels.",
            "Officials said cities that faced tanker shortages last summer should be better "
            "placed, though groundwater in some districts is still recovering.",
            Facts(
                "Storage at a glance",
                (
                    "Southern reservoirs: well above the ten-year average",
                    "Northern reservoirs: close to normal",
                    "Next bulletin: Thursday",
                ),
            ),
            "Farm groups said the storage would support the winter crop, provided canal "
            "releases are scheduled early.",
        ),
    ),
    StorySpec(
        section="india",
        headline="Railways to add 400 general coaches before the wedding season rush",
        dek="Unreserved coaches are being added to long-distance trains on the busiest "
        "routes out of Delhi, Mumbai and Kolkata.",
        place="New Delhi",
        tags=("Infrastructure", "Jobs"),
        agency="press-trust-of-india",
        hours_ago=50,
        body=(
            "The railways will attach about 400 additional general-class coaches to "
            "long-distance trains over the next two months, officials said, as travel "
            "demand rises with the wedding season.",
            "The extra coaches will go first to routes from the three metros towards Bihar, "
            "Uttar Pradesh and Odisha, where unreserved carriages are routinely overcrowded.",
            Quote(
                "Most people on these routes cannot book weeks ahead. The general coach is "
                "how they travel, and it has to have room.",
                "A senior railway official who was not authorised to speak publicly",
            ),
            "Passenger groups welcomed the move but asked for more platform staff to manage "
            "boarding at large junctions.",
        ),
    ),
    StorySpec(
        section="politics",
        headline="Monsoon Session wraps up with three bills passed and two sent to committee",
        dek="The session ended a day early after repeated adjournments; opposition parties "
        "say key debates were cut short.",
        place="New Delhi",
        tags=("Monsoon Session", "Parliament"),
        authors=("rohit-mehra",),
        hours_ago=4,
        updated_after_hours=3,
        body=(
            "Parliament adjourned sine die on Thursday, a day ahead of schedule, after a "
            "session in which both Houses lost several sittings to protests.",
            "Three bills were passed, including amendments to the law on inland waterways. "
            "Two others, on data retention and cooperative banks, were referred to "
            "parliamentary committees after objections from members across parties.",
            Facts(
                "The session in numbers",
                (
                    "Bills passed: 3",
                    "Bills sent to committee: 2",
                    "Sittings lost to adjournments: several in each House",
                ),
            ),
            Quote(
                "A session that ends early is a session in which questions go unanswered.",
                "Meenakshi Pillai, a first-term opposition MP",
            ),
            "Treasury benches said the government had been ready to debate every issue "
            "raised and blamed disruptions for the lost time.",
            Related(),
        ),
    ),
    StorySpec(
        section="politics",
        headline="Election commission trials braille voter slips in four states",
        dek="The pilot, run during by-elections, adds raised-dot candidate lists to "
        "polling booths so blind voters can check them unassisted.",
        place="Lucknow",
        tags=("Elections", "Infrastructure"),
        authors=("rohit-mehra",),
        hours_ago=150,
        body=(
            "Polling booths in four states will carry braille candidate lists and voter "
            "slips during this month's by-elections, in a pilot that disability rights "
            "groups have sought for years.",
            "Booth officers have been trained to offer the lists without being asked, "
            "officials said.",
            "If the trial goes well, the scheme could be extended to all booths in the next "
            "round of Assembly elections.",
        ),
    ),
    StorySpec(
        section="business",
        headline="Budget 2025: small manufacturers want faster GST refunds, not new schemes",
        dek="Industry groups say working capital stuck in pending refunds hurts more than "
        "any tax rate, and want a fixed deadline written into the rules.",
        place="Mumbai",
        tags=("Budget 2025", "Inflation"),
        authors=("farah-siddiqui",),
        hours_ago=8,
        body=(
            "Associations representing small and medium manufacturers have asked the "
            "finance ministry to use the Budget to guarantee faster refunds of goods and "
            "services tax paid on inputs.",
            "In a memorandum shared with reporters, they said many exporters wait more than "
            "two months for refunds, tying up money that could pay wages or buy material.",
            Quote(
                "We do not need another scheme with a new portal. We need our own money back "
                "on time.",
                "Sunil Gawande, who runs an auto-parts unit near Pune",
            ),
            "Tax experts said a statutory deadline with interest on late refunds would be a "
            "low-cost change with a large effect on cash flow.",
            Related(),
        ),
    ),
    StorySpec(
        section="business",
        headline="Budget 2025: what salaried taxpayers are hoping for this time",
        dek="A higher standard deduction tops the wish list, followed by simpler rules for "
        "claiming house rent.",
        place="New Delhi",
        tags=("Budget 2025", "Jobs"),
        authors=("farah-siddiqui",),
        hours_ago=64,
        kind="analysis",
        body=(
            "With the Budget weeks away, salaried taxpayers and their employers have "
            "sent familiar requests: a larger standard deduction, clearer rules on house "
            "rent allowance and a faster processing of returns.",
            "Tax practitioners say the new regime has simplified filing for many, but "
            "people with home loans and large rent payments still compare both regimes "
            "every year.",
            Facts(
                "The most common requests",
                (
                    "A higher standard deduction under the new regime",
                    "One simple form for rent receipts",
                    "Refunds within thirty days of filing",
                ),
            ),
            "Economists caution that room for tax cuts is limited if the government sticks "
            "to its deficit path.",
        ),
    ),
    StorySpec(
        section="markets",
        headline="Sensex, Nifty end higher as bank shares recover in late trade",
        dek="Gains in private lenders offset weakness in IT stocks; the rupee was steady "
        "against the dollar.",
        place="Mumbai",
        tags=("Markets", "Trade"),
        agency="press-trust-of-india",
        hours_ago=2,
        body=(
            "Benchmark indices closed higher on Friday after a late recovery in bank shares "
            "wiped out losses from the morning session.",
            "Private lenders led the gains, while information technology stocks fell after "
            "a cautious outlook from a mid-sized software exporter.",
            "Traders said foreign investors were net buyers for a second day, and that "
            "volumes were close to their monthly average.",
            Facts(
                "Closing snapshot",
                (
                    "Banks: higher, led by private lenders",
                    "IT: lower for a second session",
                    "Rupee: little changed",
                ),
            ),
        ),
    ),
    StorySpec(
        section="markets",
        headline="Gold prices ease as festive demand cools in jewellery hubs",
        dek="Dealers in Zaveri Bazaar report fewer walk-in buyers after the festival week, "
        "and discounts have returned.",
        place="Mumbai",
        tags=("Markets", "Inflation"),
        authors=("farah-siddiqui",),
        hours_ago=170,
        body=(
            "Gold prices in domestic markets eased this week as demand from jewellery "
            "buyers cooled after the festival period, dealers said.",
            "Some dealers offered small discounts to clear stock, a reversal from a month "
            "ago when premiums were charged.",
            "Analysts expect prices to track global cues and the rupee over the coming weeks.",
        ),
    ),
    StorySpec(
        section="business",
        headline="Quick-commerce firms turn to dark stores in smaller cities",
        dek="Delivery companies that built their business in the metros are opening "
        "warehouses in tier-2 towns, where rents are lower but orders are smaller.",
        place="Indore",
        tags=("Startups", "Jobs"),
        authors=("farah-siddiqui",),
        hours_ago=230,
        kind="analysis",
        body=(
            "Ten-minute delivery is moving beyond the big cities. Several quick-commerce "
            "companies have opened so-called dark stores, small warehouses closed to "
            "walk-in shoppers, in cities such as Indore, Coimbatore and Lucknow.",
            "Executives say rents and wages are lower, but average orders are smaller and "
            "customers more price-conscious.",
            Quote(
                "The maths works only if a store fills hundreds of orders a day. In a smaller "
                "city that takes longer to build.",
                "Aditi Rane, a retail analyst at a Bengaluru consultancy",
            ),
            "Neighbourhood grocers, meanwhile, are signing up with delivery apps of their "
            "own to keep customers.",
            Picture(
                "Delivery riders wait outside a warehouse with their scooters",
                "Riders say waiting times between orders are longer in smaller cities.",
            ),
        ),
    ),
)
