"""What the demo's 90 days are made of: a team, its customers, their tickets and their words.

Plain values only; devtools/demo.py puts them through the real services. Drawn with a fixed
seed, so every newcomer sees the same month and a screenshot in a bug report can be redone.
"""

from __future__ import annotations

AGENTS = [  # (name, email): the support agents who close the tickets; each has a login
    ("Sam Lee", "sam@example.com"),
    ("Priya Nair", "priya@example.com"),
    ("Diego Ruiz", "diego@example.com"),
]
FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dmitri",
    "Elif",
    "Farah",
    "Gus",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oscar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amir",
    "Bea",
    "Carl",
    "Dana",
    "Emil",
    "Fay",
    "Gita",
    "Hugo",
    "Iris",
    "Jon",
    "Kim",
    "Luca",
]
LAST = [
    "Alvarez",
    "Brandt",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Hoang",
    "Ito",
    "Jansen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Novak",
]
ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Madrid",
    "Asia/Singapore",
    "Australia/Sydney",
    "America/Sao_Paulo",
]
SUBJECTS = [
    "Printer offline",
    "Invoice is wrong",
    "Password reset",
    "VPN drops every hour",
    "New laptop setup",
    "Email not syncing on phone",
    "Refund not received",
    "Order arrived damaged",
    "Can't log in after update",
    "Wi-Fi slow in the office",
    "Charged twice this month",
    "Export to CSV fails",
    "Change of billing address",
    "Delivery late",
    "Account locked",
    "Cancel my subscription",
]
# How customers rate: mostly good, a long tail of bad, as help desks see it (weights per rating).
RATING_WEIGHTS = {5: 44, 4: 22, 3: 12, 2: 10, 1: 12}
COMMENTS = {
    5: [
        "Quick and friendly, thank you!",
        "Sorted in minutes. Great service.",
        "Sam was brilliant, explained everything.",
        "Perfect, works now.",
        "Thanks for the fast reply!",
        "5 stars, but the tech was late again",
        "Fixed, though it took three calls to get here.",
    ],
    4: [
        "Good, a bit slow to get a first answer.",
        "Works now, thanks.",
        "Helpful, but I had to explain twice.",
        "Fine overall.",
    ],
    3: [
        "Fine I guess. We'll see if it holds.",
        "It works but took longer than promised.",
        "Okay. Nobody told me what was going on for two days.",
    ],
    2: [
        "Still broken, third time I called.",
        "Took four days and nobody called back.",
        "The refund still hasn't arrived.",
        "Closed without asking me if it was fixed.",
    ],
    1: [
        "Terrible. Still can't log in and nobody answers.",
        "Charged twice and no one cares.",
        "Worst support I've had. Cancelling.",
        "You closed my ticket but nothing was fixed!",
        "",
    ],
}
REACHED_NOTES = [
    "Apologised; replacement shipped today.",
    "Walked her through the fix, working now.",
    "Refund confirmed by finance, due in 3 days.",
    "He was happy to hear from us; booked a technician for Friday.",
    "Explained the delay, gave a credit on the next invoice.",
    "Reopened the ticket with a senior engineer.",
]
OTHER_NOTES = ["", "", "Left a short message.", "Line busy twice.", "Number rings out."]
