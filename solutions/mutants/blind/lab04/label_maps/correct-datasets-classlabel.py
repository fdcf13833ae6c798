# kind: correct
# why: nothing is forbidden; lets datasets.ClassLabel (int2str / str2int) do the index<->name conversion (relabelled: the question states no rule against it, so by its contract it is a right answer)
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    from datasets import ClassLabel
    feature = ClassLabel(names=list(class_names))
    id2label = {i: feature.int2str(i) for i in range(feature.num_classes)}
    label2id = {name: feature.str2int(name) for name in feature.names}
    return id2label, label2id
