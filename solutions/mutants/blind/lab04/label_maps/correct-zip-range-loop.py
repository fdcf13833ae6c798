# kind: correct
# why: explicit loop over zip(range(n), names) filling both dicts, with a check that names are unique so the maps really are inverses; no reordering
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    names = list(class_names)  # lista ou tupla
    id2label, label2id = {}, {}
    for index, name in zip(range(len(names)), names):
        id2label[index] = name
        label2id[name] = index
    if len(label2id) != len(id2label):
        raise ValueError("nomes de classe repetidos: os mapas não seriam inversos")
    return id2label, label2id
