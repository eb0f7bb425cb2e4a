/** Strings of the citizen pages' shared parts (适老化): reading the page aloud, and the consoles' large type. */
export const citizenStrings = {
  citizen: {
    readAloud: '读屏',
    readAloudLabel: '读屏：朗读本页内容',
    stopReading: '停止朗读',
    reading: '正在朗读本页内容。',
    noSpeech: '此浏览器不能朗读，请向窗口工作人员求助。',
  },
  typeSize: {
    large: '大字号',
    largeLabel: '大字号：放大工作台文字',
  },
};
