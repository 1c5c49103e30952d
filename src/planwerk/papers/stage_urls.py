from django.urls import path

from planwerk.papers import board

app_name = "stages"
urlpatterns = [
    path("", board.current, name="current"),
    path("<slug:stage>/", board.board, name="board"),
    path("<slug:stage>.<export:fmt>", board.board_export, name="board_export"),
]
