# kind: wrong
# why: accumulates into module-level dicts shared between calls, so names from an earlier call leak into label2id of the next one (label2id is then not the inverse of id2label); passes the visible tests
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    global _ID2LABEL, _LABEL2ID
    try:
        _ID2LABEL, _LABEL2ID
    except NameError:
        _ID2LABEL, _LABEL2ID = {}, {}
    for i, name in enumerate(class_names):
        _ID2LABEL[i] = name
        _LABEL2ID[name] = i
    return _ID2LABEL, _LABEL2ID
