# kind: wrong
# why: Sorts the names alphabetically (CIFAR-10 names happen to be sorted already, so the CIFAR test passes) which re-indexes other datasets; violates "Os índices são as posições na lista do dataset: não reordene nada".
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    names = sorted(class_names)  # ordem alfabética, para ficar estável
    id2label = {i: n for i, n in enumerate(names)}
    label2id = {n: i for i, n in id2label.items()}
    return id2label, label2id
