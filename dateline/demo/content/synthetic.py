"""Building blocks for `dateline generate`: who did what where, per kind of section.

Headlines read "<who> in <place> <did what>", e.g. "Port authorities in Kochi approve
plan to add two berths". Combined at random they make thousands of distinct stories
for scale tests; the demo's own stories are written out in full elsewhere.
"""

SUBJECTS = {
    "world": (
        "Port authorities",
        "Transport ministers",
        "Farm unions",
        "Energy regulators",
        "City councils",
        "Relief agencies",
        "Coastal communities",
        "Water boards",
    ),
    "india": (
        "State officials",
        "District administrations",
        "Municipal corporations",
        "Railway zones",
        "Farmer groups",
        "Teachers' associations",
        "Panchayat leaders",
        "Power distribution companies",
    ),
    "business": (
        "Small manufacturers",
        "Textile exporters",
        "Retail chains",
        "Logistics firms",
        "Private lenders",
        "Insurance companies",
        "Auto-parts makers",
        "Fintech start-ups",
    ),
    "sports": (
        "State cricket associations",
        "Football clubs",
        "Hockey coaches",
        "Athletics federations",
        "Junior squads",
        "League organisers",
        "Stadium managers",
        "Team selectors",
    ),
    "tech": (
        "App developers",
        "Telecom operators",
        "Chip designers",
        "Cybersecurity teams",
        "Payment companies",
        "Satellite start-ups",
        "Data centre operators",
        "Open-source volunteers",
    ),
    "health": (
        "Hospital networks",
        "Public health teams",
        "Medical colleges",
        "Community health workers",
        "Pharmacy chains",
        "Nursing associations",
        "Vaccination teams",
        "Mental health charities",
    ),
    "entertainment": (
        "Film studios",
        "Streaming platforms",
        "Music labels",
        "Theatre groups",
        "Festival organisers",
        "Independent producers",
        "Animation studios",
        "Multiplex chains",
    ),
    "opinion": (
        "Planners",
        "Policymakers",
        "Regulators",
        "Employers",
        "Universities",
        "Civic groups",
        "Local governments",
        "Newsrooms",
    ),
}

ACTIONS = (
    "approve plan to expand capacity",
    "warn of delays through the season",
    "agree on new safety rules",
    "seek more funding for upgrades",
    "announce a review of fees",
    "extend pilot scheme for another year",
    "report sharp rise in demand",
    "postpone decision on new rules",
    "sign deal to share data",
    "open consultation on draft guidelines",
    "hire hundreds ahead of busy months",
    "cut waiting times with new system",
)

PLACES = {
    "world": ("Nairobi", "Lima", "Manila", "Lisbon", "Hanoi", "Accra", "Perth", "Montreal"),
    "india": ("Kochi", "Nagpur", "Guwahati", "Surat", "Visakhapatnam", "Dehradun", "Ranchi"),
    "default": ("Mumbai", "New Delhi", "Bengaluru", "Chennai", "Kolkata", "Hyderabad", "Pune"),
}

DEKS = (
    "Officials say details will follow within weeks, after pressure to act built up over "
    "the past year.",
    "The move follows months of complaints and a review of how other regions handled the "
    "same problem.",
    "Supporters call it overdue; critics say it does not go far enough and want a firm timetable.",
    "The change takes effect next month, and a first review is planned before the end of the year.",
)

SUBJECTS["politics"] = SUBJECTS["india"]  # the same officials make the political news
