from django.urls import path

from planwerk.council import views

app_name = "council"
urlpatterns = [
    path("<slug:stage>/papier/", views.stage_paper, name="paper"),
    path("<slug:stage>/papier/pdf/", views.stage_paper_pdf, name="paper_pdf"),
    path("<slug:stage>/papier/docx/", views.stage_paper_docx, name="paper_docx"),
    path("<slug:stage>/drucksache/neu/", views.create, name="create"),
    path("<slug:stage>/drucksache/<uuid:uuid>/", views.detail, name="detail"),
    path("<slug:stage>/drucksache/<uuid:uuid>/beratung/", views.passage_add, name="passage_add"),
    path("<slug:stage>/drucksache/<uuid:uuid>/pdf/", views.paper_pdf, name="detail_pdf"),
    path("<slug:stage>/drucksache/<uuid:uuid>/docx/", views.paper_docx, name="detail_docx"),
]
