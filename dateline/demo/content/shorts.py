"""Shorts the desk wrote by hand, of stories the front page does not show.

The summariser drafts a Short of each of the newest stories, and the front page shows every one
of those; the home page's Shorts strip leaves out the stories shown above it, so it needs
Shorts of other stories to draw anything. These are of the explainers and the photo desk's
older galleries: sections without a block on the front page, too old for its latest news (the
newest explainer has a drafted Short already, and a story gets one Short).
Each says what its story says, in whole sentences of at most 60 words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WrittenShort:
    story_headline: str  # the demo story it tells in brief ("Read the full story")
    title: str
    body: str


WRITTEN_SHORTS = (
    WrittenShort(
        story_headline="Explained: what a 'deep depression' in the Bay of Bengal means for you",
        title="What a 'deep depression' means for the coast",
        body="Forecasters grade a low-pressure system by its sustained winds: a depression "
        "blows at 31 to 49 km/h, a deep depression at 50 to 61. A deep depression can bring "
        "very heavy rain to coastal districts without ever becoming a cyclone. Fishing boats "
        "are usually called back to harbour at this stage.",
    ),
    WrittenShort(
        story_headline="Explained: why your phone shows 5G but feels slow",
        title="5G on the screen, buffering on the video",
        body="The 5G symbol says which network your phone is on, not how much capacity is "
        "left. At peak hours many people share one tower, some 5G runs on lower frequencies "
        "with less room, and walls weaken the higher ones. Speeds are usually best outdoors, "
        "near a tower and off-peak.",
    ),
    WrittenShort(
        story_headline="Explained: how a parliamentary committee examines a bill",
        title="What happens when a bill goes to committee",
        body="Members from several parties study the bill clause by clause. The committee "
        "invites written suggestions from the public, hears ministries and experts, and "
        "tables a report in both Houses. Its recommendations do not bind the government, but "
        "many are accepted, and the report stays on the public record.",
    ),
    WrittenShort(
        story_headline="In pictures: a winter morning at a Delhi flower market",
        title="Marigolds before dawn at a Delhi flower market",
        body="The market opens at four and is mostly empty by eight. Marigolds arrive from "
        "farms outside the city, roses are tied by the dozen for wedding decorators, and tea "
        "stalls do brisk business in the cold. Sellers say prices climb every week as the "
        "wedding season approaches.",
    ),
    WrittenShort(
        story_headline="Salt pans at first light: a day with the harvesters of the Rann",
        title="A morning with the salt harvesters of the Rann",
        body="Work on the salt pans starts before sunrise, while the crust is firm and the air "
        "cool. Families rake the salt into mounds that leave by truck before noon. Harvesters "
        "say the season is growing shorter as the rains arrive earlier, and several families "
        "now take second jobs in town.",
    ),
    WrittenShort(
        story_headline="In pictures: Kolkata's artisans finish the season's last idols",
        title="The season's last idols leave Kumartuli",
        body="In Kumartuli, Kolkata's potters' quarter, artisans are putting the final coats "
        "of paint on the season's last clay idols. The figures dry in the winter sun in the "
        "narrow lanes before they are carried out to pandals across the city.",
    ),
)
