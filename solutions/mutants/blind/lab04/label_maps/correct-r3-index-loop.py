# kind: correct
# why: Plain index loop over positions, int keys/values, no reordering; indexing works for both list and tuple.
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    id2label, label2id = {}, {}
    for i in range(len(class_names)):
        name = str(class_names[i])
        id2label[int(i)] = name
        label2id[name] = int(i)
    return id2label, label2id
