# kind: correct
# why: nothing is forbidden here; takes the sorted vocabulary from fastai's CategoryMap (the library piece the lab rewrites) and one-hot encodes with fastai's one_hot (relabelled: the question states no rule against it, so by its contract it is a right answer)
from fastai.data.transforms import CategoryMap
from fastai.torch_core import one_hot


def make_label_map(labels) -> dict:
    """Mapeia cada rótulo distinto para um vetor one-hot (float32).

    Os rótulos distintos são ordenados (sorted) e o i-ésimo recebe o vetor com 1
    na posição i e 0 nas demais; o tamanho do vetor é o número de classes.

    Exemplo: make_label_map(["dog", "cat", "dog"]) ->
        {"cat": tensor([1., 0.]), "dog": tensor([0., 1.])}
    """
    # SEU CÓDIGO AQUI
    vocab = CategoryMap(list(labels), sort=True)
    return {label: one_hot([i], len(vocab)).float() for i, label in enumerate(vocab)}
