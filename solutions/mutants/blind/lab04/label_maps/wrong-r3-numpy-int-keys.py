# kind: wrong
# why: Builds the maps from np.arange, so keys of id2label and values of label2id are numpy.int64 (dict equality still passes); violates "As chaves de id2label são int do Python (e os valores de label2id também): não numpy.int64".
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    indices = np.arange(len(class_names))
    id2label = dict(zip(indices, class_names))
    label2id = dict(zip(class_names, indices))
    return id2label, label2id
