# kind: wrong
# why: id2label keys are numpy.int64 (from np.arange), not Python int as the text requires (equal under ==, so it passes the visible tests; breaks JSON config saving / type checks)
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    indices = np.arange(len(class_names))
    id2label = {i: name for i, name in zip(indices, class_names)}
    label2id = {name: i for i, name in id2label.items()}
    return id2label, label2id
