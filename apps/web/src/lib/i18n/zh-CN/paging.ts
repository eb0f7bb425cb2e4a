/** The links under a paged list (the case list, a clerk's sessions). */
export const pagingStrings = {
  paging: {
    first: '第一页',
    previous: '上一页',
    next: '下一页',
  },
};
