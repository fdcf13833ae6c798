# kind: correct
# why: nothing is forbidden; uses pandas Series index/inversion (library helper) instead of building the dicts; keys converted back to int (relabelled: the question states no rule against it, so by its contract it is a right answer)
def make_label_maps(class_names) -> tuple:
    """Os dois dicionários de rótulos que o modelo guarda na sua configuração.

    class_names é a lista de nomes na ordem dos índices do dataset (a posição i
    tem o nome da classe de índice i). Devolve (id2label, label2id):
      id2label: índice (int) -> nome (str), ex.: {0: "airplane", 1: "automobile", ...}
      label2id: nome (str) -> índice (int), o inverso do anterior.
    Não reordene os nomes: o índice de cada classe é definido pelo dataset.
    """
    import pandas as pd
    series = pd.Series(list(class_names))
    id2label = {int(k): v for k, v in series.to_dict().items()}
    label2id = {k: int(v) for k, v in pd.Series(series.index, index=series.values).to_dict().items()}
    return id2label, label2id
