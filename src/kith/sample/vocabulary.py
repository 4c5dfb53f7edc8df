"""The made-up words of the sample network: names, employers, titles, what people talk about.

Names are random pairs of common first and last names, so no one in the sample is a real person;
employers are fictional.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


FIRST_NAMES = _words(
    """
    Ada Adele Aiko Alba Amara Anders Anika Arjun Astrid Bao Bea Bruno Camille Carlos Chiara Dalia
    Dario Dev Elif Elena Emeka Enzo Esme Farah Felix Freya Gabriel Greta Hana Hugo Ines Ingrid Isaac
    Ivo Jamal Jana Joaquin Jonas Kai Kaveh Keiko Kemi Lars Leila Lena Luca Maya Malik Marta Mateo
    Mei Mila Nadia Naveen Nia Nils Noor Olga Omar Oskar Paloma Pia Priya Rafael Rania Rohan Rosa
    Ruth Sami Sana Selin Sofia Stellan Tariq Tess Theo Una Valentina Vikram Wanda Wen Yara Yusuf
    Zara Zoltan
    """
)
LAST_NAMES = _words(
    """
    Abara Achterberg Albescu Amsel Bakshi Balogun Bergqvist Brightwater Castellano Cerny Dahlgren
    Delacroix Dimitriou Eberhardt Ekwueme Falk Farrowby Fiorentino Galloway Gundersen Halvorsen
    Hashemi Holmberg Ibarra Ivanek Jankowski Jovanovic Kalnins Karimi Kestrel Kowalczyk Lachance
    Lindahl Lombardi Mahlangu Marchetti Mbeki Moravec Nakashima Nieminen Novak Oduya Okonkwo
    Ostrander Pacheco Pellegrini Quarrie Radulescu Rautio Sandoval Sarkar Silvestri Szabo Takahashi
    Tamsin Thorvald Umarov Vasquez Verhoeven Vidal Wakefield Whitcombe Xiong Yamada Yilmaz Zelenko
    Zuberi
    """
)
COMPANIES = _lines(
    """
    Acme Analytics
    Brightwave
    Cobalt Labs
    Dunmore & Co
    Evergreen Health
    Fathom AI
    Granite Bank
    Harbor Logistics
    Ionic Energy
    Juniper Retail
    Kestrel Ventures
    Lumen Media
    Meridian Consulting
    Northwind Foods
    Orbital Systems
    Pinecone Software
    Quarry Capital
    Riverbend Partners
    Saffron Studios
    Tidewater Insurance
    Umber Robotics
    Vantage Recruiting
    Willow Education
    Xylo Security
    Yardley Pharma
    Zephyr Mobility
    Atlas Freight
    Beacon Talent
    Cinder Games
    Delta Foundry
    Ember Payments
    Fjord Cloud
    """
)
TITLES = _lines(
    """
    Software Engineer
    Senior Software Engineer
    Staff Engineer
    Engineering Manager
    Product Manager
    Senior Product Manager
    Head of Product
    Data Scientist
    Data Engineer
    UX Designer
    Product Designer
    Technical Recruiter
    Talent Partner
    Head of Talent
    Account Executive
    Sales Director
    Marketing Manager
    Growth Lead
    Founder
    Co-founder
    CTO
    VP Engineering
    Consultant
    Principal Consultant
    Operations Manager
    Analyst
    Investment Associate
    Partner
    Customer Success Manager
    Solutions Architect
    """
)
TOPICS = _lines(
    """
    their team's hiring plans
    a move into product
    the data platform rewrite
    pricing for consultants
    the Lisbon meetup
    a board role
    going freelance
    the reorg
    remote teams
    a side project
    fundraising
    their new manager
    conference talk ideas
    a reference check
    machine learning in ops
    parental leave and coming back
    the job search
    salary benchmarks
    a mentoring scheme
    """
)
PROMISES = _lines(
    """
    send the article on hiring loops
    introduce them to a recruiter
    review their CV
    share the pricing spreadsheet
    send the conference link
    read their draft post
    ask my team about the role
    send notes from the workshop
    """
)
SKILLS = _lines(
    """
    Python
    Product Management
    Recruiting
    Data Analysis
    Leadership
    UX Design
    Public Speaking
    Negotiation
    Machine Learning
    Strategy
    """
)
#: invitations from people the user has not met
INVITE_MESSAGES = _lines(
    """
    I'm hiring for a role you might like; happy to connect?
    Loved your talk, would like to connect.
    Looking forward to meeting you at the next product meetup.
    """
)
#: invitations that say the two met (kith offers to log that meeting and accept)
MET_MESSAGES = _lines(
    """
    Hi! We met briefly at the meetup last week, would be great to stay in touch.
    Great meeting you at the data conference, let's keep in touch!
    Thanks for the chat at the recruiting breakfast, happy to connect.
    """
)
#: the user's own interests and groups; the people closest to them share some
MY_TAGS = ("hiring", "product", "lisbon tech", "climbing")
INTERESTS = _words("python design climate fintech mentoring running startups data-science open-source")
