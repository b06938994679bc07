"""factory_boy factories for test data; pages are built with `parent=`."""

import factory
import wagtail_factories

from home.models import HomePage, Treatment


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = factory.Sequence(lambda n: f"home-{n}")
    hero_heading = "Ketamine therapy for anxiety, PTSD and depression"
    hero_text = "Supervised care when other treatments have not been enough."
    hero_cta_label = "Request a consultation"
    treatments_heading = "Conditions we treat"
    contact_heading = "Ready to talk?"
    contact_text = "Our team is happy to answer your questions."
    show_in_menus = True

    class Meta:
        model = HomePage


class TreatmentFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Condition {n}")
    summary = "What the clinic offers for this condition."
    sort_order = factory.Sequence(int)

    class Meta:
        model = Treatment
