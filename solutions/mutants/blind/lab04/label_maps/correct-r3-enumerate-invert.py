# kind: correct
# why: id2label from enumerate (Python int keys, dataset order) and label2id as its exact inverse; works for lists and tuples.
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    id2label = dict(enumerate(class_names))
    label2id = {name: index for index, name in id2label.items()}
    return id2label, label2id
