DROP TABLE board_terms;
