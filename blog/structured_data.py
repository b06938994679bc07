"""schema.org data for an article (JSON-LD), so search engines see who wrote and reviewed it.

Built as plain Python data and serialised in one place, with the characters that could end
a <script> element escaped.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

# The same escapes Django's json_script uses: "</script>" or "<!--" in an article title
# must not end or confuse the element.
_SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def to_json_ld(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)


def person(author):
    data = {"@type": "Person", "name": author.name}
    if author.credentials:
        data["honorificSuffix"] = author.credentials
    if author.job_title:
        data["jobTitle"] = author.job_title
    return data


def citation(reference):
    data = {
        "@type": "ScholarlyArticle",
        "name": reference["title"],
        "author": reference["authors"],
        "datePublished": str(reference["year"]),
        "isPartOf": {"@type": "Periodical", "name": reference["publication"]},
    }
    if reference["doi"]:
        data["url"] = f"https://doi.org/{reference['doi']}"
    elif reference["url"]:
        data["url"] = reference["url"]
    if reference["pubmed_id"]:
        data["sameAs"] = f"https://pubmed.ncbi.nlm.nih.gov/{reference['pubmed_id']}/"
    return data


def article_data(article, url, clinic, site_url, image_url=""):
    """A MedicalWebPage: a web page about health, with review details and citations."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "headline": article.title,
        "name": article.seo_title or article.title,
        "description": article.search_description or article.intro,
        "datePublished": article.published_at,
        "dateModified": article.last_published_at or article.published_at,
        "author": [person(author) for author in article.author_list],
        "publisher": {
            "@type": "MedicalClinic",
            "name": clinic.clinic_name,
            "url": site_url,
            "telephone": clinic.phone,
            "email": clinic.email,
        },
        "about": [{"@type": "Thing", "name": topic.name} for topic in article.topic_list],
        "keywords": [tag.name for tag in article.tag_list],
        "inLanguage": "en-US",
    }
    if image_url:
        data["image"] = image_url
    if article.reviewed_by:
        data["reviewedBy"] = person(article.reviewed_by)
    if article.last_reviewed:
        data["lastReviewed"] = article.last_reviewed
    if article.references:
        data["citation"] = [citation(reference) for reference in article.references]
    return data
