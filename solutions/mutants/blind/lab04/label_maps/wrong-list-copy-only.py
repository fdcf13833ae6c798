# kind: wrong
# why: calls class_names.copy(), which lists have and tuples do not: crashes for a tuple input, which the text says must work; passes the visible tests (lists)
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    names = class_names.copy()  # não mexer na lista original
    id2label = {i: names[i] for i in range(len(names))}
    label2id = {names[i]: i for i in range(len(names))}
    return id2label, label2id
